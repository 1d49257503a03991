// The HTTP face of the counter: maps each route to the service and each outcome to a reply.
#pragma once

#include "api/manager_code.hpp"
#include "http/router.hpp"
#include "http/server_context.hpp"
#include "service/counter_service.hpp"

namespace counterd::api {

// Registers the API on `router`: GET /counter, POST /decrement, PUT /reset (with the manager's
// code), GET /changes, GET /healthz, GET /readyz, GET /metrics. Sales and resets take an
// Idempotency-Key. `service`, `manager` and `server` must outlive the router; `server`
// supplies the connection figures of /metrics.
void add_routes(http::Router& router, CounterService& service, const ManagerCode& manager,
                const http::ServerContext& server);

}  // namespace counterd::api
