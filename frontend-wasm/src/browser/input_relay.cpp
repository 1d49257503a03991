#include "browser/input_relay.hpp"

#include <imgui_impl_glfw.h>

#include <emscripten.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace ui::input_relay {

namespace {

// One input event, in the order the browser delivered it: a key going down or up, a typed
// character, or a mouse button (or finger) going down or up where the pointer then was.
struct InputEvent {
  enum class Kind { key, character, button } kind;
  int code;  // the key, or the button
  int scancode, action, mods;
  unsigned int character;
  bool down;    // a button
  double x, y;  // a button's pointer, canvas pixels as glfwGetCursorPos
};

GLFWwindow* g_window = nullptr;
FrameScheduler* g_frames = nullptr;
std::vector<InputEvent> g_queue;
bool g_down[ImGuiMouseButton_COUNT] = {};  // the buttons as ImGui has been told
std::optional<ImVec2> g_pointer;           // where this frame's button change happened
bool g_settling_tab = false;               // a Tab was delivered last frame

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
  g_queue.push_back({InputEvent::Kind::button, button, 0, 0, 0, 0, down, x, y});
  wake();
}

void install(GLFWwindow* window, FrameScheduler& frames) {
  g_window = window;
  g_frames = &frames;
  glfwSetKeyCallback(window, [](GLFWwindow*, int key, int scancode, int action, int mods) {
    // The browser repeats a held key: each repeat is one more press (a release and a press,
    // as ImGui reads keys as up or down). ImGui's own repeat is not used.
    if (action == GLFW_REPEAT)
      g_queue.push_back({InputEvent::Kind::key, key, scancode, GLFW_RELEASE, mods, 0, false, 0, 0});
    const int as = action == GLFW_REPEAT ? GLFW_PRESS : action;
    g_queue.push_back({InputEvent::Kind::key, key, scancode, as, mods, 0, false, 0, 0});
    wake();
  });
  glfwSetCharCallback(window, [](GLFWwindow*, unsigned int c) {
    g_queue.push_back({InputEvent::Kind::character, 0, 0, 0, 0, c, false, 0, 0});
    wake();
  });
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
  // Tab moves the keyboard focus, which Dear ImGui applies a frame later: a Tab press gets a
  // frame of its own, and what follows it waits one more frame, so that characters typed before
  // it reach the field it leaves and those typed after it the field it moves to. A mouse button
  // change gets a frame of its own too: a click after typing lands after the last character.
  g_pointer.reset();
  if (g_settling_tab) {
    g_settling_tab = false;
    if (!g_queue.empty()) wake();
    return;
  }
  std::vector<int> changed;  // keys that already changed state in this frame
  std::size_t delivered = 0;
  for (; delivered < g_queue.size(); ++delivered) {
    const InputEvent& e = g_queue[delivered];
    if (e.kind == InputEvent::Kind::character) {
      ImGui_ImplGlfw_CharCallback(g_window, e.character);
      continue;
    }
    if (e.kind == InputEvent::Kind::button) {
      if (delivered > 0) break;
      g_down[e.code] = e.down;
      g_pointer = ImVec2(static_cast<float>(e.x), static_cast<float>(e.y));
      ++delivered;
      break;
    }
    const bool tab_press = e.code == GLFW_KEY_TAB && e.action != GLFW_RELEASE;
    if (tab_press && delivered > 0) break;
    if (std::find(changed.begin(), changed.end(), e.code) != changed.end()) break;
    changed.push_back(e.code);
    ImGui_ImplGlfw_KeyCallback(g_window, e.code, e.scancode, e.action, e.mods);
    if (tab_press) {
      g_settling_tab = true;
      ++delivered;
      break;
    }
  }
  g_queue.erase(g_queue.begin(), g_queue.begin() + static_cast<std::ptrdiff_t>(delivered));
  if (!g_queue.empty() || g_settling_tab) wake();
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
