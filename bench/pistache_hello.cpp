// The floor for counterd's GET: Pistache 0.0.5 with the same endpoint options answering the same
// 40-byte JSON from a bare handler (no router, no service, no locking). make bench measures it
// beside counterd to tell Pistache's own per-request cost from ours.
#include <pistache/endpoint.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <string>

using namespace Pistache;

class Hello : public Http::Handler {
 public:
  HTTP_PROTOTYPE(Hello)
  void onRequest(const Http::Request&, Http::ResponseWriter response) override {
    response.send(Http::Code::Ok, R"({"value":1000,"version":0,"initial":1000})",
                  MIME(Application, Json));
  }
};

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: pistache_hello PORT THREADS\n");
    return 2;
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  Http::Endpoint endpoint(Address("127.0.0.1", Port(static_cast<uint16_t>(std::stoi(argv[1])))));
  endpoint.init(Http::Endpoint::options()
                    .threads(std::stoi(argv[2]))
                    .flags(Flags<Tcp::Options>(Tcp::Options::ReuseAddr) | Tcp::Options::NoDelay)
                    .maxRequestSize(8192));
  endpoint.setHandler(Http::make_handler<Hello>());
  endpoint.serveThreaded();
  int signal = 0;
  sigwait(&signals, &signal);
  endpoint.shutdown();
  return 0;
}
