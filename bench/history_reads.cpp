// make bench, history reads: SCREENS sales panels subscribed to GET /api/events while SALES sales
// are made at RATE a second; how many history reads (GET /sales, GET /changes) they send.
//
// Each screen is the UI's own SalesViewModel (the code the browser runs, built natively), fed by a
// real stream through nginx and answered by real reads: in `pushed` mode as the page does now
// (live events carry the changes; on_pushed), in `every-change` mode as it did before (each new
// version read again; on_counter_version). As in the browser, a screen's reads are answered
// while its events keep arriving: events that come meanwhile are handled together afterwards.
// At the end every screen's figures are compared with a fresh read of the history.
// Usage: history_reads BASE_URL SCREENS SALES RATE pushed|every-change   (prints one JSON line)
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "counter/wire.hpp"
#include "model/sales_model.hpp"

namespace {

using namespace std::chrono;

std::atomic<long> g_reads{0};

double wall_ms() {
  return static_cast<double>(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

ui::SalesViewModel new_panel() {
  return ui::SalesViewModel("/api", ui::LocalZone{"UTC", [](double) { return 0; }});
}

// Sends `requests` and what their answers ask for next, until nothing is asked.
void run_requests(httplib::Client& http, ui::SalesViewModel& panel, ui::Requests requests) {
  while (!requests.empty()) {
    ui::Requests next;
    for (const auto& r : requests) {
      ++g_reads;
      const auto answer = http.Get(r.path.c_str());
      ui::HttpResponse response;
      if (answer) response = {answer->status, answer->body, "", 0};
      auto more = panel.on_response(r.call, response, wall_ms());
      next.insert(next.end(), more.begin(), more.end());
    }
    requests = std::move(next);
  }
}

struct Screen {
  ui::SalesViewModel panel = new_panel();
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<counter::LiveState> events;
  std::atomic<std::uint64_t> version{0};  // the newest event handled
  std::atomic<bool> loaded{false};
};

// One screen: a thread reads its stream into a queue; this one handles what is queued, all of
// it at once, then sends what the panel asks. Both run until the process ends.
void run_screen(const std::string& host, int port, Screen& screen, bool pushed) {
  std::thread reader([&] {
    httplib::Client stream(host, port);
    stream.set_read_timeout(600, 0);
    std::string buffer;
    stream.Get("/api/events", {{"Accept", "text/event-stream"}},
               [&](const char* data, std::size_t size) {
                 buffer.append(data, size);
                 for (std::size_t end; (end = buffer.find("\n\n")) != std::string::npos;) {
                   const std::string event = buffer.substr(0, end);
                   buffer.erase(0, end + 2);
                   const auto at = event.find("data: ");
                   if (at == std::string::npos) continue;
                   auto live = counter::decode_live_state(event.substr(at + 6));
                   if (auto* state = std::get_if<counter::LiveState>(&live)) {
                     std::lock_guard lock(screen.mutex);
                     screen.events.push_back(std::move(*state));
                     screen.arrived.notify_one();
                   }
                 }
                 return true;
               });
  });
  reader.detach();
  httplib::Client http(host, port);
  http.set_keep_alive(true);
  for (;;) {
    std::deque<counter::LiveState> batch;
    {
      std::unique_lock lock(screen.mutex);
      screen.arrived.wait(lock, [&] { return !screen.events.empty(); });
      batch.swap(screen.events);
    }
    ui::Requests requests;
    for (const auto& e : batch) {
      auto asked = pushed ? screen.panel.on_pushed(e.state.version, e.changes, wall_ms())
                          : screen.panel.on_counter_version(e.state.version, wall_ms());
      requests.insert(requests.end(), asked.begin(), asked.end());
    }
    run_requests(http, screen.panel, std::move(requests));
    screen.version = batch.back().state.version;
    screen.loaded = screen.panel.loaded();
  }
}

template <class Done>
bool wait_for(Done done, seconds limit) {
  const auto until = steady_clock::now() + limit;
  while (!done()) {
    if (steady_clock::now() > until) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: history_reads BASE_URL SCREENS SALES RATE pushed|every-change\n");
    return 2;
  }
  const std::string base = argv[1];  // http://127.0.0.1:PORT
  const int screens = std::atoi(argv[2]), sales = std::atoi(argv[3]), rate = std::atoi(argv[4]);
  const bool pushed = std::string(argv[5]) == "pushed";
  const std::string host = "127.0.0.1";
  const int port = std::atoi(base.substr(base.rfind(':') + 1).c_str());

  std::vector<std::unique_ptr<Screen>> all;
  for (int i = 0; i < screens; ++i) {
    all.push_back(std::make_unique<Screen>());
    std::thread(run_screen, host, port, std::ref(*all.back()), pushed).detach();
  }
  const bool loaded = wait_for(
      [&] {
        for (const auto& s : all)
          if (!s->loaded) return false;
        return true;
      },
      seconds(120));
  if (!loaded) {
    std::fprintf(stderr, "history_reads: not every screen loaded its history\n");
    return 1;
  }
  std::fprintf(stderr, "%d screens loaded\n", screens);
  const long reads_before = g_reads;

  httplib::Client seller(host, port);
  seller.set_keep_alive(true);
  std::uint64_t last = 0;
  const auto started = steady_clock::now();
  for (int i = 0; i < sales; ++i) {
    std::this_thread::sleep_until(started + milliseconds(1000 * i / rate));
    const std::string key = "history-reads-" + std::to_string(wall_ms()) + "-" + std::to_string(i);
    const auto sold = seller.Post("/api/decrement", {{"Idempotency-Key", key}}, "", "");
    if (!sold || sold->status != 200) {
      std::fprintf(stderr, "history_reads: a sale failed\n");
      return 1;
    }
    last = std::get<counter::CounterState>(counter::decode_counter_state(sold->body)).version;
  }
  const bool followed = wait_for(
      [&] {
        for (const auto& s : all)
          if (s->version < last) return false;
        return true;
      },
      seconds(300));
  std::this_thread::sleep_for(milliseconds(500));  // reads answered after the last event
  const long reads = g_reads - reads_before;

  // Exact: every screen shows what a fresh read of the history shows.
  httplib::Client check(host, port);
  ui::SalesViewModel fresh = new_panel();
  run_requests(check, fresh, fresh.on_counter_version(last, wall_ms()));
  // Every screen is idle now: heartbeats repeat a version it has, which changes nothing.
  int exact = 0;
  for (const auto& s : all)
    if (s->panel.bars() == fresh.bars() && s->panel.recent() == fresh.recent()) ++exact;
  long followed_events = 0;
  for (const auto& s : all) followed_events += static_cast<long>(s->panel.followed());
  std::printf(
      "{\"mode\":\"%s\",\"screens\":%d,\"sales\":%d,\"reads\":%ld,\"reads_per_screen\":%.2f,"
      "\"events_followed\":%ld,\"exact_screens\":%d,\"all_caught_up\":%s}\n",
      pushed ? "pushed" : "every-change", screens, sales, reads,
      static_cast<double>(reads) / screens, followed_events, exact, followed ? "true" : "false");
  std::fflush(stdout);
  std::_Exit(0);  // the streams stay open until the process ends
}
