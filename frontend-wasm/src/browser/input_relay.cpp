#include "browser/input_relay.hpp"

#include <emscripten.h>

#include <cfloat>
#include <optional>
#include <vector>

namespace ui::input_relay {

namespace {

// A mouse button (or finger) going down or up, where the pointer then was (CSS pixels from the
// canvas's top left).
struct ButtonEvent {
  int button;
  bool down;
  ImVec2 at;
};

FrameScheduler* g_frames = nullptr;
std::vector<ButtonEvent> g_queue;
bool g_down[ImGuiMouseButton_COUNT] = {};  // the buttons as ImGui has been told
std::optional<ImVec2> g_hover;             // the mouse, while it is over the canvas

// The mouse: pressed on the canvas, released anywhere (a press dragged off the canvas and let
// go is released nowhere, so nothing is clicked). Taps are read from the touch events
// themselves: the browser's emulated mouse events come only once it has recognised a tap, which
// a busy tablet may take for a long press. A tap is a press where the finger lands and a
// release where it leaves; a finger that moves is panning the page, or a second finger came
// (a pinch): its press is released nowhere. The emulated mouse events and click after a tap
// are cancelled (touchend's default).
EM_JS(void, js_watch_pointer, (), {
  var canvas = Module["canvas"];
  var imguiButton = [ 0, 2, 1 ];  // the DOM's left, middle, right: ImGui's 0, 2, 1
  function send(button, down, e) {
    var rect = canvas.getBoundingClientRect();
    _camera_counter_button(button, down, e ? e.clientX - rect.left : -1,
                           e ? e.clientY - rect.top : -1);
  }
  canvas.addEventListener(
      "mousedown", function(e) {
        if (e.button < 3) send(imguiButton[e.button], 1, e);
      });
  window.addEventListener(
      "mouseup", function(e) {
        if (e.button < 3) send(imguiButton[e.button], 0, e);
      });
  canvas.addEventListener(
      "mousemove", function(e) {
        var rect = canvas.getBoundingClientRect();
        _camera_counter_hover(1, e.clientX - rect.left, e.clientY - rect.top);
      });
  canvas.addEventListener(
      "mouseleave", function() { _camera_counter_hover(0, 0, 0); });

  var finger = null;  // the one touch that may still be a tap
  function mine(e) {
    for (var i = 0; finger && i < e.changedTouches.length; i++)
      if (e.changedTouches[i].identifier == finger.id) return e.changedTouches[i];
    return null;
  }
  function abandon() {
    if (finger) send(0, 0, null);
    finger = null;
  }
  canvas.addEventListener("touchstart",
                          function(e) {
                            if (e.touches.length != 1) return abandon();
                            var t = e.changedTouches[0];
                            finger = {id : t.identifier, x : t.clientX, y : t.clientY};
                            send(0, 1, t);
                          },
                          {passive : true});
  canvas.addEventListener(
      "touchmove",
      function(e) {
        var t = mine(e);
        if (t && Math.abs(t.clientX - finger.x) + Math.abs(t.clientY - finger.y) > 10) abandon();
      },
      {passive : true});
  canvas.addEventListener("touchend",
                          function(e) {
                            var t = mine(e);
                            if (!t) return;
                            finger = null;
                            e.preventDefault();
                            send(0, 0, t);
                          },
                          {passive : false});
  canvas.addEventListener("touchcancel", abandon, {passive : true});
});

}  // namespace

void install(FrameScheduler& frames) {
  g_frames = &frames;
  js_watch_pointer();
}

void new_frame(ImGuiIO& io) {
  io.MousePos = g_hover.value_or(ImVec2(-FLT_MAX, -FLT_MAX));
  // A button change gets a frame of its own, with the pointer where it happened: a press and
  // its release inside one frame are a click over two frames, not nothing.
  if (!g_queue.empty()) {
    const ButtonEvent e = g_queue.front();
    g_queue.erase(g_queue.begin());
    g_down[e.button] = e.down;
    io.MousePos = e.at;
    if (!g_queue.empty()) g_frames->request();
  }
  for (int b = 0; b < ImGuiMouseButton_COUNT; ++b) io.MouseDown[b] = g_down[b];
}

}  // namespace ui::input_relay

// From js_watch_pointer: a button (ImGui's numbering; 0 for a finger) went down or up at
// (x, y), CSS pixels from the canvas's top left.
extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_button(int button, int down, double x,
                                                           double y) {
  using namespace ui::input_relay;
  g_queue.push_back({button, down != 0, ImVec2(static_cast<float>(x), static_cast<float>(y))});
  g_frames->request();
}

// From js_watch_pointer: the mouse moved over the canvas to (x, y), or left it (inside 0).
extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_hover(int inside, double x, double y) {
  using namespace ui::input_relay;
  g_hover.reset();
  if (inside) g_hover = ImVec2(static_cast<float>(x), static_cast<float>(y));
  g_frames->request();
}
