#include "routes.hpp"

#include <cstdio>

#include "idempotency.hpp"
#include "request_checks.hpp"

// The API's contract, shared/openapi.json as built in (tools/embed_text.cmake).
extern const std::string_view kOpenApiDocument;

namespace counterd::api {

namespace {

using counter::ProblemKind;
using http::Method;
using http::Reply;
using http::Request;
using http::Responder;

Reply state_reply(const CounterService& service, const counter::Stock& stock) {
  return http::json_reply(200, counter_body(stock, service.initial_stock()))
      .with("ETag", etag_for(service.store_id(), stock.version));
}

std::string describe(const counter::RecordedChange& change) {
  return "change " + std::to_string(change.change.result.version) + " (at_ms " +
         std::to_string(change.at_ms) + ")";
}

Reply undo_refused_reply(const CounterService& service, const UndoRefused& refused) {
  switch (refused.why) {
    case UndoRefused::Why::no_sale:
      break;
    case UndoRefused::Why::already_undone:
      return http::problem_reply(ProblemKind::already_undone,
                                 "the sale, " + describe(*refused.sale) +
                                     ", was undone already by " + describe(*refused.earlier));
    case UndoRefused::Why::too_late:
      return http::problem_reply(
          ProblemKind::undo_too_late,
          "the sale, " + describe(*refused.sale) + ", is older than the " +
              std::to_string(service.undo_window().count() / 60'000) +
              " minutes a sale may be undone in; record a customer's return instead (no `undo`)");
  }
  return http::problem_reply(ProblemKind::sale_not_found,
                             "no sale is recorded under the Idempotency-Key in `undo` (keys are "
                             "kept for a day)");
}

// The one place an outcome becomes an HTTP answer: for a first answer and for a repeat under
// the same Idempotency-Key alike (a repeat gets what the first got, marked as a replay).
Reply outcome_reply(const CounterService& service, const Outcome& outcome) {
  if (const auto* stock = std::get_if<counter::Stock>(&outcome))
    return state_reply(service, *stock);
  if (const auto* replayed = std::get_if<Replayed>(&outcome)) {
    const KeptOutcome& kept = replayed->outcome;
    const Outcome first = std::holds_alternative<counter::Stock>(kept)
                              ? Outcome(std::get<counter::Stock>(kept))
                              : Outcome(failure_for(std::get<counter::Rejection>(kept)));
    return outcome_reply(service, first).with("Idempotent-Replayed", "true");
  }
  if (const auto* refused = std::get_if<UndoRefused>(&outcome))
    return undo_refused_reply(service, *refused);
  switch (std::get<Failure>(outcome)) {
    case Failure::sold_out:
      return http::problem_reply(ProblemKind::sold_out,
                                 "the stock is 0: there is no camera left to sell");
    case Failure::out_of_range:
      return http::problem_reply(ProblemKind::out_of_range, "the stock must be between 0 and " +
                                                                std::to_string(counter::kMaxStock));
    case Failure::version_exhausted:
      return http::problem_reply(ProblemKind::internal_error,
                                 "the store has used up its version numbers");
    case Failure::key_in_use:
      return http::problem_reply(ProblemKind::idempotency_key_in_use,
                                 "a request with this Idempotency-Key is still being processed; "
                                 "send it again once that one is answered");
    case Failure::key_reused:
      return http::problem_reply(ProblemKind::idempotency_key_reused,
                                 "this Idempotency-Key was used for another request (method, "
                                 "path or body); use a new key for a new request");
    case Failure::outcome_unknown:
      return http::problem_reply(
          ProblemKind::outcome_unknown,
          "the connection to the store broke while the change was committed, so it may or may "
          "not be recorded; send the request again with the same Idempotency-Key to find out");
    case Failure::store_failed:
      break;
  }
  return http::problem_reply(ProblemKind::unavailable,
                             "the change could not be recorded, so nothing changed; try again");
}

// Queues `command` (under the request's Idempotency-Key, if it has one); its reply goes out
// once the change is durable, from the writer thread.
void submit(CounterService& service, Command command, const Request& request,
            const Responder& responder) {
  auto key = idempotency_key(request);
  if (const auto* problem = std::get_if<counter::Problem>(&key))
    return responder.send(http::problem_reply(*problem));
  if (auto& k = std::get<std::optional<std::string>>(key))
    command.idempotency = Idempotency{std::move(*k), fingerprint(request)};
  service.submit(std::move(command), [&service, responder](const Outcome& outcome) {
    responder.send(outcome_reply(service, outcome));
  });
}

void get_counter(CounterService& service, const Request& request, const Responder& responder) {
  service.read_current([&service, responder, if_none_match = request.header("If-None-Match")](
                           const std::variant<counter::Stock, StoreError>& read) {
    if (const auto* error = std::get_if<StoreError>(&read))
      return responder.send(store_unreadable(*error));
    const auto& stock = std::get<counter::Stock>(read);
    const std::string etag = etag_for(service.store_id(), stock.version);
    if (if_none_match && none_match_hits(*if_none_match, etag))
      return responder.send(http::empty_reply(304).with("ETag", etag));
    responder.send(state_reply(service, stock));
  });
}

// Answers a body that did not decode; true when it did.
template <class T>
std::optional<T> decoded_body(const counter::Decoded<T>& decoded, const Responder& responder) {
  if (const auto* error = std::get_if<counter::DecodeError>(&decoded)) {
    responder.send(http::problem_reply(counter::problem_for(*error)));
    return std::nullopt;
  }
  return std::get<T>(decoded);
}

void post_decrement(CounterService& service, const Request& request, const Responder& responder) {
  if (auto problem = check_json_body(request)) return responder.send(http::problem_reply(*problem));
  const auto sale = decoded_body(counter::decode_sale_request(request.body()), responder);
  if (!sale) return;
  Command command{Command::Kind::sell, std::nullopt, std::nullopt};
  command.till = sale->till;
  submit(service, std::move(command), request, responder);
}

void post_return(CounterService& service, const Request& request, const Responder& responder) {
  if (auto problem = check_json_body(request)) return responder.send(http::problem_reply(*problem));
  const auto back = decoded_body(counter::decode_return_request(request.body()), responder);
  if (!back) return;
  Command command{Command::Kind::give_back, std::nullopt, std::nullopt};
  command.till = back->till;
  command.undo = back->undo;
  submit(service, std::move(command), request, responder);
}

void put_reset(CounterService& service, const ManagerCode& manager, const Request& request,
               const Responder& responder) {
  if (auto refusal = manager.check(request)) return responder.send(std::move(*refusal));
  if (auto problem = check_json_body(request)) return responder.send(http::problem_reply(*problem));
  const auto reset = decoded_body(counter::decode_reset_request(request.body()), responder);
  if (!reset) return;
  Command command{Command::Kind::reset, reset->value, std::nullopt};
  command.till = reset->till;
  submit(service, std::move(command), request, responder);
}

void get_readyz(CounterService& service, const Request&, const Responder& responder) {
  if (const auto reason = service.not_ready())
    return responder.send(http::problem_reply(ProblemKind::unavailable, *reason));
  responder.send(http::json_reply(200, R"({"status":"ready"})"));
}

std::string metric(const char* name, const char* type, const char* help, double value) {
  char number[32];
  std::snprintf(number, sizeof number, "%.17g", value);
  return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" +
         name + " " + number + "\n";
}

// The live updates' figures, when this counterd publishes them.
std::string live_metrics(const live::LiveUpdates* live) {
  if (!live) return "";
  const live::LiveStats stats = live->stats();
  auto d = [](auto v) { return static_cast<double>(v); };
  return metric("counterd_live_publishing", "gauge",
                "1 while this counterd publishes live updates (with replicas: one of them).",
                stats.publishing ? 1 : 0) +
         metric("counterd_live_published_total", "counter", "States the live channel accepted.",
                d(stats.sent.published)) +
         metric("counterd_live_publish_failures_total", "counter",
                "Attempts to publish that did not reach the live channel.", d(stats.sent.failed));
}

void get_metrics(CounterService& service, const http::ServerContext& server,
                 const live::LiveUpdates* live, const Request&, const Responder& responder) {
  const CommitStats stats = service.stats();
  auto d = [](auto v) { return static_cast<double>(v); };
  std::string stock_lines;  // left out while a shared store cannot be read
  try {
    const counter::Stock stock = service.current();
    stock_lines = metric("counterd_stock", "gauge", "Cameras in stock.", d(stock.value)) +
                  metric("counterd_version", "gauge", "Version of the stock.", d(stock.version));
  } catch (const StoreError&) {
  }
  const Store& store = service.store();
  responder.send(http::text_reply(
      std::string("# HELP counterd_store_info The store this counterd uses.\n"
                  "# TYPE counterd_store_info gauge\ncounterd_store_info{kind=\"") +
      to_string(store.kind()) + "\"} 1\n" +
      metric("counterd_commits_total", "counter",
             "Store commits that recorded changes; each is one sync.", d(stats.commits)) +
      metric("counterd_changes_total", "counter", "Changes recorded by those commits.",
             d(stats.changes)) +
      metric("counterd_largest_commit_changes", "gauge", "Most changes one commit has carried.",
             d(stats.largest_commit)) +
      metric("counterd_queued_commands", "gauge", "Commands waiting for the next commit.",
             d(stats.queued)) +
      metric("counterd_idempotent_replays_total", "counter",
             "Repeated requests answered from their kept reply.", d(stats.replays)) +
      metric("counterd_idempotency_keys_forgotten_total", "counter",
             "Kept replies forgotten after their time.", d(stats.forgotten)) +
      metric("counterd_failed_commits_total", "counter",
             "Store transactions that failed; nothing of them was acknowledged.",
             d(stats.failed_commits)) +
      metric("counterd_commit_seconds_total", "counter",
             "Time spent in commits that recorded changes (with counterd_commits_total: the mean).",
             stats.commit_seconds) +
      metric("counterd_slowest_commit_seconds", "gauge", "The longest such commit.",
             stats.slowest_commit_seconds) +
      metric("counterd_store_reconnects_total", "counter",
             "Connections to the store made again after one broke.", d(store.reconnects())) +
      stock_lines + live_metrics(live) +
      metric("counterd_http_connections", "gauge", "Open HTTP connections.",
             d(server.connections.load())) +
      metric("counterd_http_requests_in_flight", "gauge", "Requests read and not yet answered.",
             d(server.in_flight.load())) +
      metric("counterd_http_requests_total", "counter", "Requests answered.",
             d(server.requests.load())) +
      metric("counterd_http_refused_total", "counter",
             "Requests refused before routing (malformed, too large, timed out).",
             d(server.refused.load()))));
}

}  // namespace

std::string counter_body(const counter::Stock& stock, std::int64_t initial_stock) {
  return counter::to_json(counter::CounterState{stock.value, stock.version, initial_stock});
}

Reply store_unreadable(const StoreError& e) {
  std::fprintf(stderr, "counterd: cannot read the store: %s\n", e.what());
  return http::problem_reply(ProblemKind::unavailable, "the store cannot be read; try again");
}

void add_routes(http::Router& router, CounterService& service, HistoryReads& history,
                const ManagerCode& manager, const http::ServerContext& server,
                const live::LiveUpdates* live) {
  auto bind = [&service](void (*f)(CounterService&, const Request&, const Responder&)) {
    return [&service, f](const Request& request, Responder responder) {
      f(service, request, responder);
    };
  };
  router.add(Method::Get, "/counter", bind(get_counter));
  router.add(Method::Post, "/decrement", bind(post_decrement));
  router.add(Method::Post, "/return", bind(post_return));
  router.add(Method::Put, "/reset",
             [&service, &manager](const Request& request, Responder responder) {
               put_reset(service, manager, request, responder);
             });
  add_history_routes(router, history);
  router.add(Method::Get, "/healthz", [](const Request&, Responder responder) {
    responder.send(http::json_reply(200, R"({"status":"ok"})"));
  });
  router.add(Method::Get, "/readyz", bind(get_readyz));
  router.add(Method::Get, "/openapi.json",
             [document = std::string(kOpenApiDocument)](const Request&, Responder responder) {
               responder.send(http::json_reply(200, document));
             });
  router.add(Method::Get, "/metrics",
             [&service, &server, live](const Request& request, Responder responder) {
               get_metrics(service, server, live, request, responder);
             });
  std::string paths;
  for (const auto& route : router.routes()) paths += (paths.empty() ? "" : ", ") + route.path;
  router.set_fallback([paths](const Request& request, Responder responder) {
    responder.send(http::problem_reply(ProblemKind::not_found,
                                       "no resource at " + request.path() + "; see " + paths));
  });
}

}  // namespace counterd::api
