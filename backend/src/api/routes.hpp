// The HTTP face of the counter: maps each route to the service and each outcome to a status.
#pragma once

#include <pistache/router.h>

#include "service/counter_service.hpp"

namespace counterd::api {

// Builds the router for `service`, which must outlive it.
//
// Routes: GET /counter, POST /decrement, PUT /reset, GET /changes, GET /healthz, GET /readyz,
// GET /metrics. Every HTTP method is registered on every route (a wrong one answers 405 with
// Allow; OPTIONS answers 204 with Allow): Pistache 0.0.5 otherwise writes to a shared map from
// several threads when a request uses a method that has no route (its issue #1238).
Pistache::Rest::Router make_router(CounterService& service);

}  // namespace counterd::api
