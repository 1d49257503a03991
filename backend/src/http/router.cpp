#include "router.hpp"

#include <cstdio>
#include <exception>

namespace counterd::http {

namespace {

using counter::ProblemKind;

}  // namespace

void Router::add(Method method, const std::string& path, Handler handler) {
  auto [it, added] = resources_.try_emplace(path);
  if (added) {
    it->second.route.path = path;
    order_.push_back(path);
  }
  it->second.route.methods.push_back(method);
  it->second.handlers.push_back(std::move(handler));
  it->second.allow = allow(it->second.route);
}

std::string Router::allow(const Route& route) {
  std::string text;
  bool get = false;
  for (Method m : route.methods) {
    text += std::string(text.empty() ? "" : ", ") + std::string(name_of(m));
    get = get || m == Method::Get;
  }
  if (get) text += ", HEAD";
  return text + (text.empty() ? "" : ", ") + "OPTIONS";
}

std::vector<Router::Route> Router::routes() const {
  std::vector<Route> all;
  for (const auto& path : order_) all.push_back(resources_.at(path).route);
  return all;
}

void Router::dispatch(const Request& request, const Responder& responder) const {
  try {
    const auto found = resources_.find(request.path());
    if (found == resources_.end()) {
      if (fallback_) return fallback_(request, responder);
      return responder.send(
          problem_reply(ProblemKind::not_found, "no resource at " + request.path()));
    }
    const Resource& resource = found->second;
    const Method wanted = request.method() == Method::Head ? Method::Get : request.method();
    for (std::size_t i = 0; i < resource.route.methods.size(); ++i)
      if (resource.route.methods[i] == wanted) return resource.handlers[i](request, responder);
    if (request.method() == Method::Options)
      return responder.send(empty_reply(204).with("Allow", resource.allow));
    responder.send(problem_reply(ProblemKind::method_not_allowed,
                                 std::string(name_of(request.method())) + " is not allowed on " +
                                     request.path() + "; allowed: " + resource.allow)
                       .with("Allow", resource.allow));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "counterd: %s %s failed: %s\n",
                 std::string(name_of(request.method())).c_str(), request.path().c_str(), e.what());
    responder.send(
        problem_reply(ProblemKind::internal_error,
                      "the server could not answer this request; its log has the details"));
  }
}

}  // namespace counterd::http
