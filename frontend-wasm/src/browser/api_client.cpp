#include "browser/api_client.hpp"

#include <emscripten.h>

#include <cstdlib>
#include <memory>
#include <vector>

namespace ui {

namespace {

// A request on its way, or the boot script's answer awaited; deleted when its answer is handed
// over.
struct InFlight {
  Call call;
  ResponseHandler on_done;
};

// Sends a request with the page's fetch (or, with no method, takes the answer to the boot
// script's GET /api/counter: returns 0 when there is none) and hands the answer to
// camera_counter_answer: the status (0 for no answer: a network error, or none within 10 s),
// the ETag and Retry-After fields, the body. `headers` is a null-terminated list of name,
// value pairs.
// EM_JS bodies pass through the C preprocessor: they use double quotes only.
EM_JS(int, js_send,
      (InFlight * flight, const char* method, const char* url, const char** headers,
       const char* body, int body_length),
      {
        var answer;
        if (!method) {
          var cc = window.cameraCounter;
          if (!cc || !cc.firstAnswer) return 0;
          answer = cc.firstAnswer.then(function(a) {
            performance.mark("first-answer-handed");
            return a;
          });
          cc.firstAnswer = null;
        } else {
          var init = {method : UTF8ToString(method), headers : {}};
          for (var p = headers >> 2; HEAP32[p]; p += 2)
            init.headers[UTF8ToString(HEAP32[p])] = UTF8ToString(HEAP32[p + 1]);
          if (body_length) init.body = UTF8ToString(body, body_length);
          var timeout = new AbortController();
          init.signal = timeout.signal;
          var timer = setTimeout(
              function() { timeout.abort(); }, 10000);
          answer = fetch(UTF8ToString(url), init)
                       .then(function(r) {
                         return r.text().then(function(text) {
                           return {
                             status : r.status,
                             etag : r.headers.get("ETag") || "",
                             retryAfter : r.headers.get("Retry-After") || "",
                             body : text
                           };
                         });
                       })
                       .catch(function() { return {status : 0, etag : "", body : ""}; })
                       .finally(function() { clearTimeout(timer); });
        }
        answer.then(function(a) {
          var strings = [ a.etag, a.retryAfter || "", a.body ].map(allocateUTF8);
          _camera_counter_answer(flight, a.status, strings[0], strings[1], strings[2]);
          strings.forEach(function(s) { _free(s); });
        });
        return 1;
      });

}  // namespace

bool take_first_answer(ResponseHandler on_done) {
  auto flight = std::make_unique<InFlight>(InFlight{Call::refresh, std::move(on_done)});
  if (!js_send(flight.get(), nullptr, nullptr, nullptr, nullptr, 0)) return false;
  flight.release();  // until its answer comes
  return true;
}

void send(const HttpRequest& request, ResponseHandler on_done) {
  std::vector<const char*> headers = {"Accept", "application/json"};
  if (!request.body.empty()) headers.insert(headers.end(), {"Content-Type", "application/json"});
  for (const auto& [name, value] : request.headers)
    headers.insert(headers.end(), {name.c_str(), value.c_str()});
  headers.push_back(nullptr);
  // js_send has copied everything it needs before it returns.
  js_send(new InFlight{request.call, std::move(on_done)}, request.method.c_str(),
          request.path.c_str(), headers.data(), request.body.data(),
          static_cast<int>(request.body.size()));
}

}  // namespace ui

extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_answer(ui::InFlight* flight, int status,
                                                           const char* etag,
                                                           const char* retry_after,
                                                           const char* body) {
  const std::unique_ptr<ui::InFlight> done(flight);
  ui::HttpResponse response;
  response.status = status;
  response.etag = etag;
  response.retry_after_s = std::atof(retry_after);
  response.body = body;
  done->on_done(done->call, response);
}
