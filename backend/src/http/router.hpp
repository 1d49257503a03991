// Requests to handlers by exact path and method, and the answers no handler gives: 404 for an
// unknown path, 405 with Allow for a method the path does not take, 204 with Allow for
// OPTIONS, and HEAD wherever GET is (the connection drops the body).
//
// (Pistache's Rest::Router is not used: every path here is exact, and in 0.0.5 it writes to a
// shared map from several threads for a method without a route — its issue #1238.)
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "request.hpp"
#include "responder.hpp"

namespace counterd::http {

class Router {
 public:
  using Handler = std::function<void(const Request&, Responder)>;

  void add(Method method, const std::string& path, Handler handler);
  // Answers requests for a path that has no handler at all.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  // Hands `request` to its handler. A handler that throws is logged and answered 500, without
  // the exception's text.
  void dispatch(const Request& request, const Responder& responder) const;

  struct Route {
    std::string path;
    std::vector<Method> methods;  // as registered; HEAD and OPTIONS come with them
  };
  std::vector<Route> routes() const;

  // The Allow value of `route`: its methods, HEAD where GET is, and OPTIONS.
  static std::string allow(const Route& route);

 private:
  struct Resource {
    Route route;
    std::vector<Handler> handlers;  // parallel to route.methods
    std::string allow;
  };
  std::unordered_map<std::string, Resource> resources_;
  std::vector<std::string> order_;  // paths in the order they were added
  Handler fallback_;
};

}  // namespace counterd::http
