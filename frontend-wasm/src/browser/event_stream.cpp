#include "browser/event_stream.hpp"

#include <emscripten.h>

namespace ui::stream {

namespace {

Handlers g_handlers;

// EM_JS bodies pass through the C preprocessor: they use double quotes only.
EM_JS(void, js_open_stream, (const char* url_c), {
  var url = UTF8ToString(url_c);
  var pauseMs = 2000;  // before starting afresh after the browser gave up
  function connect() {
    var source = new EventSource(url);
    source.onopen = function() {
      _camera_counter_stream_opened();
    };
    source.onmessage = function(e) {
      var data = allocateUTF8(e.data);
      _camera_counter_stream_message(data);
      _free(data);
    };
    source.onerror = function() {
      _camera_counter_stream_lost();
      if (source.readyState > 1) setTimeout(connect, pauseMs);  // CLOSED: the browser gave up
    };
  }
  connect();
});

}  // namespace

void open(const std::string& url, Handlers handlers) {
  g_handlers = std::move(handlers);
  js_open_stream(url.c_str());
}

}  // namespace ui::stream

extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_stream_opened() {
  if (ui::stream::g_handlers.opened) ui::stream::g_handlers.opened();
}

extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_stream_message(const char* data) {
  if (ui::stream::g_handlers.message) ui::stream::g_handlers.message(data);
}

extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_stream_lost() {
  if (ui::stream::g_handlers.lost) ui::stream::g_handlers.lost();
}
