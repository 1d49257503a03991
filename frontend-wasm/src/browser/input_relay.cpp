#include "browser/input_relay.hpp"

#include <imgui_impl_glfw.h>

#include <algorithm>
#include <vector>

namespace ui::input_relay {

namespace {

struct KeyboardEvent {
  int key;  // 0 for a typed character
  int scancode, action, mods;
  unsigned int character;
};

GLFWwindow* g_window = nullptr;
FrameScheduler* g_frames = nullptr;
std::vector<KeyboardEvent> g_queue;

void wake() {
  g_frames->request();
}

}  // namespace

void install(GLFWwindow* window, FrameScheduler& frames) {
  g_window = window;
  g_frames = &frames;
  glfwSetKeyCallback(window, [](GLFWwindow*, int key, int scancode, int action, int mods) {
    g_queue.push_back({key, scancode, action, mods, 0});
    wake();
  });
  glfwSetCharCallback(window, [](GLFWwindow*, unsigned int c) {
    g_queue.push_back({0, 0, 0, 0, c});
    wake();
  });
  glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int button, int action, int mods) {
    ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
    wake();
  });
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
  std::vector<int> changed;  // keys that already changed state in this frame
  std::size_t delivered = 0;
  for (; delivered < g_queue.size(); ++delivered) {
    const KeyboardEvent& e = g_queue[delivered];
    if (e.key == 0) {
      ImGui_ImplGlfw_CharCallback(g_window, e.character);
      continue;
    }
    if (std::find(changed.begin(), changed.end(), e.key) != changed.end()) break;
    changed.push_back(e.key);
    ImGui_ImplGlfw_KeyCallback(g_window, e.key, e.scancode, e.action, e.mods);
  }
  g_queue.erase(g_queue.begin(), g_queue.begin() + static_cast<std::ptrdiff_t>(delivered));
  if (!g_queue.empty()) wake();
}

}  // namespace ui::input_relay
