#include "routes.hpp"

#include <charconv>
#include <cstdio>
#include <functional>
#include <limits>

#include "request_checks.hpp"
#include "responses.hpp"

namespace counterd::api {

namespace {

using namespace Pistache;
using counter::ProblemKind;

using Handler = std::function<void(const Rest::Request&, Http::ResponseWriter&)>;

struct MethodHandler {
  Http::Method method;
  Handler handler;
};

constexpr Http::Method kAllMethods[] = {
#define METHOD(m, _) Http::Method::m,
    HTTP_METHODS
#undef METHOD
};

// Any exception reaching Pistache would become a 500 carrying its text: answer for it ourselves.
Rest::Route::Handler guarded(Handler handler) {
  return
      [handler = std::move(handler)](const Rest::Request& request, Http::ResponseWriter response) {
        try {
          handler(request, response);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "counterd: %s %s failed: %s\n", Http::methodString(request.method()),
                       request.resource().c_str(), e.what());
          send_problem(response, ProblemKind::internal_error,
                       "the server could not answer this request; its log has the details");
        }
        return Rest::Route::Result::Ok;
      };
}

void add_resource(Rest::Router& router, const std::string& path,
                  std::vector<MethodHandler> handlers) {
  std::vector<Http::Method> allowed{Http::Method::Options};
  std::string allow = "OPTIONS";
  for (const auto& h : handlers) {
    allowed.push_back(h.method);
    allow += std::string(", ") + Http::methodString(h.method);
  }
  for (Http::Method method : kAllMethods) {
    Handler chosen;
    for (const auto& h : handlers)
      if (h.method == method) chosen = h.handler;
    if (!chosen && method == Http::Method::Options) {
      chosen = [allowed](const Rest::Request&, Http::ResponseWriter& response) {
        response.headers().add<Http::Header::Allow>(allowed);
        response.send(Http::Code::No_Content);
      };
    }
    if (!chosen) {
      chosen = [allowed, allow, path](const Rest::Request& request,
                                      Http::ResponseWriter& response) {
        response.headers().add<Http::Header::Allow>(allowed);
        send_problem(response, ProblemKind::method_not_allowed,
                     std::string(Http::methodString(request.method())) + " is not allowed on " +
                         path + "; allowed: " + allow);
      };
    }
    router.addRoute(method, path, guarded(std::move(chosen)));
  }
}

counter::CounterState state_of(const CounterService& service, const counter::Stock& stock) {
  return counter::CounterState{stock.value, stock.version, service.initial_stock()};
}

void send_outcome(Http::ResponseWriter& response, const CounterService& service,
                  const Outcome& outcome) {
  if (const auto* stock = std::get_if<counter::Stock>(&outcome)) {
    send_state(response, state_of(service, *stock), etag_for(service.store_id(), stock->version));
    return;
  }
  switch (std::get<Failure>(outcome)) {
    case Failure::sold_out:
      return send_problem(response, ProblemKind::sold_out,
                          "the stock is 0: there is no camera left to sell");
    case Failure::out_of_range:
      return send_problem(response, ProblemKind::out_of_range,
                          "the stock must be between 0 and " + std::to_string(counter::kMaxStock));
    case Failure::version_exhausted:
      return send_problem(response, ProblemKind::internal_error,
                          "the store has used up its version numbers");
    case Failure::store_failed:
      return send_problem(response, ProblemKind::unavailable,
                          "the change could not be recorded, so nothing changed; try again");
  }
}

// A query parameter as a whole number in [min, max], `fallback` when absent.
std::variant<std::int64_t, counter::Problem> query_int(const Rest::Request& request,
                                                       const std::string& name,
                                                       std::int64_t fallback, std::int64_t min,
                                                       std::int64_t max) {
  const auto text = request.query().get(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) {
    return counter::make_problem(ProblemKind::malformed_request,
                                 "query parameter `" + name + "` must be a whole number from " +
                                     std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

void get_counter(CounterService& service, const Rest::Request& request,
                 Http::ResponseWriter& response) {
  const counter::Stock stock = service.current();
  const std::string etag = etag_for(service.store_id(), stock.version);
  const auto if_none_match = header(request, "If-None-Match");
  send_state(response, state_of(service, stock), etag,
             if_none_match && none_match_hits(*if_none_match, etag));
}

void post_decrement(CounterService& service, const Rest::Request& request,
                    Http::ResponseWriter& response) {
  if (auto problem = check_json_body(request)) return send_problem(response, *problem);
  if (auto error = counter::check_empty_request(request.body()))
    return send_problem(response, counter::problem_for(*error));
  send_outcome(response, service, service.decrement());
}

void put_reset(CounterService& service, const Rest::Request& request,
               Http::ResponseWriter& response) {
  if (auto problem = check_json_body(request)) return send_problem(response, *problem);
  auto decoded = counter::decode_reset_request(request.body());
  if (const auto* error = std::get_if<counter::DecodeError>(&decoded))
    return send_problem(response, counter::problem_for(*error));
  send_outcome(response, service, service.reset(std::get<counter::ResetRequest>(decoded).value));
}

void get_changes(CounterService& service, const Rest::Request& request,
                 Http::ResponseWriter& response) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  auto since = query_int(request, "since", 0, 0, kMax);
  auto until = query_int(request, "until", kMax, 0, kMax);
  auto limit = query_int(request, "limit", 1000, 1, 10000);
  for (auto* field : {&since, &until, &limit})
    if (auto* problem = std::get_if<counter::Problem>(field))
      return send_problem(response, *problem);
  send_json(
      response, Http::Code::Ok,
      counter::to_json(service.history(std::get<std::int64_t>(since), std::get<std::int64_t>(until),
                                       static_cast<std::size_t>(std::get<std::int64_t>(limit)))));
}

void get_readyz(CounterService& service, const Rest::Request&, Http::ResponseWriter& response) {
  if (!service.ready())
    return send_problem(response, ProblemKind::unavailable, "the store is not writable");
  send_json(response, Http::Code::Ok, R"({"status":"ready"})");
}

void get_metrics(CounterService& service, const Rest::Request&, Http::ResponseWriter& response) {
  const CommitStats stats = service.stats();
  const counter::Stock stock = service.current();
  send_text(response,
            "# HELP counterd_commits_total Store commits; each is one sync to disk.\n"
            "# TYPE counterd_commits_total counter\n"
            "counterd_commits_total " +
                std::to_string(stats.commits) + "\n" +
                "# HELP counterd_changes_total Changes recorded by those commits.\n"
                "# TYPE counterd_changes_total counter\n"
                "counterd_changes_total " +
                std::to_string(stats.changes) + "\n" +
                "# HELP counterd_stock Cameras in stock.\n"
                "# TYPE counterd_stock gauge\n"
                "counterd_stock " +
                std::to_string(stock.value) + "\n" +
                "# HELP counterd_version Version of the stock.\n"
                "# TYPE counterd_version gauge\n"
                "counterd_version " +
                std::to_string(stock.version) + "\n");
}

}  // namespace

Rest::Router make_router(CounterService& service) {
  Rest::Router router;
  auto bind = [&service](void (*f)(CounterService&, const Rest::Request&, Http::ResponseWriter&)) {
    return [&service, f](const Rest::Request& request, Http::ResponseWriter& response) {
      f(service, request, response);
    };
  };
  add_resource(router, "/counter", {{Http::Method::Get, bind(get_counter)}});
  add_resource(router, "/decrement", {{Http::Method::Post, bind(post_decrement)}});
  add_resource(router, "/reset", {{Http::Method::Put, bind(put_reset)}});
  add_resource(router, "/changes", {{Http::Method::Get, bind(get_changes)}});
  add_resource(router, "/healthz",
               {{Http::Method::Get, [](const Rest::Request&, Http::ResponseWriter& response) {
                   send_json(response, Http::Code::Ok, R"({"status":"ok"})");
                 }}});
  add_resource(router, "/readyz", {{Http::Method::Get, bind(get_readyz)}});
  add_resource(router, "/metrics", {{Http::Method::Get, bind(get_metrics)}});
  router.addNotFoundHandler(guarded([](const Rest::Request& request,
                                       Http::ResponseWriter& response) {
    send_problem(response, ProblemKind::not_found,
                 "no resource at " + request.resource() +
                     "; see /counter, /decrement, /reset, /changes, /healthz, /readyz, /metrics");
  }));
  return router;
}

}  // namespace counterd::api
