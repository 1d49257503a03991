#include "browser/input_relay.hpp"

#include <imgui_impl_glfw.h>

#include <emscripten.h>

#include <optional>
#include <vector>

namespace ui::input_relay {

namespace {

// A mouse button (or finger) going down or up, where the pointer then was (canvas pixels, as
// glfwGetCursorPos). The keyboard is the page's elements' (a11y_tree), not the canvas's.
struct ButtonEvent {
  int button;
  bool down;
  double x, y;
};

GLFWwindow* g_window = nullptr;
FrameScheduler* g_frames = nullptr;
std::vector<ButtonEvent> g_queue;
bool g_down[ImGuiMouseButton_COUNT] = {};  // the buttons as ImGui has been told
std::optional<ImVec2> g_pointer;           // where this frame's button change happened

// Taps, read from the touch events themselves. This GLFW turns touchstart and touchend into
// presses at the last *mouse* position (it reads no coordinates from touches), and the
// browser's emulated mouse events come only once it has recognised a tap, which a busy tablet
// may take for a long press: a tap is a press where the finger lands and a release where it
// leaves. A finger that moves is panning the page: its press is released nowhere. The emulated
// mouse events and click after a tap are cancelled (touchend's default).
EM_JS(void, js_take_touches, (), {
  var canvas = Module["canvas"];
  canvas.removeEventListener("touchmove", GLFW.onMousemove, true);
  canvas.removeEventListener("touchstart", GLFW.onMouseButtonDown, true);
  canvas.removeEventListener("touchcancel", GLFW.onMouseButtonUp, true);
  canvas.removeEventListener("touchend", GLFW.onMouseButtonUp, true);
  var finger = null;  // the one touch that may still be a tap
  function send(kind, touch) {
    var rect = canvas.getBoundingClientRect();
    var x = touch ? (touch.clientX - rect.left) * canvas.width / rect.width : -1;
    var y = touch ? (touch.clientY - rect.top) * canvas.height / rect.height : -1;
    _camera_counter_touch(kind, x, y);
  }
  function mine(e) {
    for (var i = 0; finger && i < e.changedTouches.length; i++)
      if (e.changedTouches[i].identifier == finger.id) return e.changedTouches[i];
    return null;
  }
  function abandon() {
    if (finger) send(2, null);
    finger = null;
  }
  canvas.addEventListener("touchstart",
                          function(e) {
                            if (e.touches.length != 1)
                              return abandon();  // a second finger: a pinch
                            var t = e.changedTouches[0];
                            finger = {id : t.identifier, x : t.clientX, y : t.clientY};
                            send(1, t);
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
                            send(0, t);
                          },
                          {passive : false});
  canvas.addEventListener("touchcancel", abandon, {passive : true});
});

void wake() {
  g_frames->request();
}

}  // namespace

void queue_button(int button, bool down, double x, double y) {
  g_queue.push_back({button, down, x, y});
  wake();
}

void install(GLFWwindow* window, FrameScheduler& frames) {
  g_window = window;
  g_frames = &frames;
  glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int button, int action, int) {
    if (button < 0 || button >= ImGuiMouseButton_COUNT) return;
    double x = 0, y = 0;
    glfwGetCursorPos(w, &x, &y);
    queue_button(button, action == GLFW_PRESS, x, y);
  });
  js_take_touches();
  glfwSetScrollCallback(window, [](GLFWwindow* w, double x, double y) {
    ImGui_ImplGlfw_ScrollCallback(w, x, y);
    wake();
  });
  // The backend polls the cursor position each frame; a move only has to wake the loop.
  glfwSetCursorPosCallback(window, [](GLFWwindow*, double, double) { wake(); });
  glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int entered) {
    ImGui_ImplGlfw_CursorEnterCallback(w, entered);
    wake();
  });
}

void before_frame() {
  // A button change gets a frame of its own: a press and its release inside one frame are a
  // click over two frames, not nothing.
  g_pointer.reset();
  if (g_queue.empty()) return;
  const ButtonEvent e = g_queue.front();
  g_queue.erase(g_queue.begin());
  g_down[e.button] = e.down;
  g_pointer = ImVec2(static_cast<float>(e.x), static_cast<float>(e.y));
  if (!g_queue.empty()) wake();
}

void after_backend_frame() {
  // The backend read the buttons as they are now: ImGui gets them as the queue has them, and,
  // in a frame that took a button change, the pointer where that happened (a press and its
  // release inside one frame, a quick tap, become a click over two frames instead of nothing).
  ImGuiIO& io = ImGui::GetIO();
  for (int b = 0; b < ImGuiMouseButton_COUNT; ++b) io.MouseDown[b] = g_down[b];
  if (g_pointer) io.MousePos = *g_pointer;
}

}  // namespace ui::input_relay

// From js_take_touches: 1 a finger down, 0 it left (at x, y: canvas pixels), 2 it panned or a
// second finger came (released nowhere, so nothing is clicked).
extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_touch(int kind, double x, double y) {
  ui::input_relay::queue_button(0, kind == 1, x, y);
}
