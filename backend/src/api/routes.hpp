// The HTTP face of the counter: maps each route to the service and each outcome to a reply.
#pragma once

#include "api/manager_code.hpp"
#include "http/router.hpp"
#include "http/server_context.hpp"
#include "live/live_updates.hpp"
#include "service/counter_service.hpp"
#include "service/history_reads.hpp"

namespace counterd::api {

// Registers the API on `router`: GET /counter, POST /decrement, PUT /reset (with the manager's
// code), GET /changes, GET /sales, GET /healthz, GET /readyz, GET /metrics, GET /openapi.json.
// Sales and resets take an Idempotency-Key. `service`, `manager` and `server` must outlive the
// router; `server` supplies the connection figures of /metrics, `live` (if any) its live
// updates' figures.
void add_routes(http::Router& router, CounterService& service, HistoryReads& history,
                const ManagerCode& manager, const http::ServerContext& server,
                const live::LiveUpdates* live);

// The history's routes, GET /changes and GET /sales (history_routes.cpp).
void add_history_routes(http::Router& router, HistoryReads& history);

// GET /counter's body for `stock`: also what the live channel carries for each new state.
std::string counter_body(const counter::Stock& stock, std::int64_t initial_stock);

// The answer to a request whose read of the store failed (logged once per request).
http::Reply store_unreadable(const StoreError& e);

}  // namespace counterd::api
