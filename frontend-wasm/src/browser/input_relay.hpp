// Passes GLFW's pointer events to Dear ImGui and wakes the frame scheduler for each of them.
//
// Dear ImGui 1.86 reads mouse buttons as "down or up at frame time" (the input queue came in
// 1.87), so a press and release between two frames (a quick tap, or a test's click) would never
// be seen. The relay keeps mouse buttons and taps (read from the touch events: a busy tablet's
// emulated mouse events may never come) in one queue, in the browser's order, and hands them
// over one per frame, with the pointer where each happened. The keyboard does not come here: it
// belongs to the page's elements (a11y_tree).
#pragma once

#include <GLFW/glfw3.h>

#include "browser/frame_scheduler.hpp"

namespace ui::input_relay {

// Installs the callbacks; pass install_callbacks=false to ImGui_ImplGlfw_InitForOpenGL.
void install(GLFWwindow* window, FrameScheduler& frames);

// Queues a press or release of `button` at canvas pixel (x, y) (the mouse's, or a finger's).
void queue_button(int button, bool down, double x, double y);

// Call before ImGui::NewFrame: delivers the next queued button change, and asks for another
// frame when more wait.
void before_frame();

// Call after ImGui_ImplGlfw_NewFrame (which reads the buttons as they are now): sets the mouse
// buttons as delivered and, in a frame that took a button change, the pointer where it happened.
void after_backend_frame();

}  // namespace ui::input_relay
