// The live stream (GET /api/events) through the browser's EventSource, which Emscripten 3.1.6
// has no API for. Knows Server-Sent Events, nothing about the card.
#pragma once

#include <functional>
#include <string>

namespace ui::stream {

struct Handlers {
  std::function<void()> opened;                     // connected (again)
  std::function<void(const std::string&)> message;  // one event's data
  std::function<void()> lost;                       // the connection failed or ended
};

// Subscribes to `url`. The browser reconnects by itself after a dropped connection; when it
// gives up (an answer that is not a stream), the subscription starts afresh after a pause.
void open(const std::string& url, Handlers handlers);

}  // namespace ui::stream
