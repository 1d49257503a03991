#include "browser/api_client.hpp"

#include <emscripten.h>
#include <emscripten/fetch.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace ui {

namespace {

constexpr unsigned long kTimeoutMs = 10000;

struct InFlight {
  HttpRequest request;
  ResponseHandler on_done;
  std::vector<const char*> headers;  // point into `request`
};

std::string header_value(emscripten_fetch_t* fetch, const char* wanted) {
  const size_t length = emscripten_fetch_get_response_headers_length(fetch);
  std::string text(length + 1, '\0');
  emscripten_fetch_get_response_headers(fetch, text.data(), text.size());
  char** pairs = emscripten_fetch_unpack_response_headers(text.c_str());
  std::string value;
  for (char** p = pairs; p && p[0]; p += 2) {
    if (strcasecmp(p[0], wanted) == 0) value = p[1];
  }
  emscripten_fetch_free_unpacked_response_headers(pairs);
  while (!value.empty() && (value.back() == '\r' || value.back() == ' ')) value.pop_back();
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  return value;
}

void finish(emscripten_fetch_t* fetch) {
  std::unique_ptr<InFlight> flight(static_cast<InFlight*>(fetch->userData));
  HttpResponse response;
  response.status = fetch->status;
  if (fetch->data && fetch->numBytes > 0)
    response.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
  if (fetch->status != 0) {
    response.etag = header_value(fetch, "etag");
    response.retry_after_s = std::atof(header_value(fetch, "retry-after").c_str());
  }
  emscripten_fetch_close(fetch);
  flight->on_done(flight->request.call, response);
}

ResponseHandler g_first_answer;  // waiting for the boot script's answer

// EM_JS bodies pass through the C preprocessor: they use double quotes only.
EM_JS(int, js_take_first_answer, (), {
  var cc = window.cameraCounter;
  if (!cc || !cc.firstAnswer) return 0;
  var answer = cc.firstAnswer;
  cc.firstAnswer = null;
  answer.then(function(a) {
    performance.mark("first-answer-handed");
    var etag = allocateUTF8(a.etag);
    var body = allocateUTF8(a.body);
    _camera_counter_first_answer(a.status, etag, body);
    _free(etag);
    _free(body);
  });
  return 1;
});

}  // namespace

extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_first_answer(int status, const char* etag,
                                                                 const char* body) {
  HttpResponse response;
  response.status = status;
  response.etag = etag;
  response.body = body;
  const ResponseHandler on_done = std::move(g_first_answer);
  on_done(Call::refresh, response);
}

bool take_first_answer(ResponseHandler on_done) {
  if (!js_take_first_answer()) return false;
  g_first_answer = std::move(on_done);
  return true;
}

void send(const HttpRequest& request, ResponseHandler on_done) {
  auto* flight = new InFlight{request, std::move(on_done), {}};
  const HttpRequest& r = flight->request;
  flight->headers = {"Accept", "application/json"};
  if (!r.body.empty())
    flight->headers.insert(flight->headers.end(), {"Content-Type", "application/json"});
  for (const auto& [name, value] : r.headers)
    flight->headers.insert(flight->headers.end(), {name.c_str(), value.c_str()});
  flight->headers.push_back(nullptr);

  emscripten_fetch_attr_t attr;
  emscripten_fetch_attr_init(&attr);
  std::strncpy(attr.requestMethod, r.method.c_str(), sizeof attr.requestMethod - 1);
  attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
  attr.timeoutMSecs = kTimeoutMs;
  attr.requestHeaders = flight->headers.data();
  if (!r.body.empty()) {
    attr.requestData = r.body.data();
    attr.requestDataSize = r.body.size();
  }
  attr.userData = flight;
  attr.onsuccess = finish;  // 2xx
  attr.onerror = finish;    // everything else, including 304 and no answer (status 0)
  emscripten_fetch(&attr, r.path.c_str());
}

}  // namespace ui
