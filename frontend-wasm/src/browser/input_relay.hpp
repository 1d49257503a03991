// Passes GLFW's input events to Dear ImGui and wakes the frame scheduler for each of them.
//
// Dear ImGui 1.86 reads keys as "down or up at frame time" (the input queue came in 1.87), so a
// key pressed and released between two frames (a quick tap, or a test's keyboard.press) would
// never be seen, and so would a click. The relay keeps keys, typed characters, mouse buttons and
// taps (read from the touch events: a busy tablet's emulated mouse events may never come) in one
// queue, in the browser's order, and hands them over at the start of each frame: at most one
// change per key per frame, each button change in a frame of its own with the pointer where it
// happened. So a click after typing lands after the last character, whatever the frame rate.
#pragma once

#include <GLFW/glfw3.h>

#include "browser/frame_scheduler.hpp"

namespace ui::input_relay {

// Installs the callbacks; pass install_callbacks=false to ImGui_ImplGlfw_InitForOpenGL.
void install(GLFWwindow* window, FrameScheduler& frames);

// Queues a press or release of `button` at canvas pixel (x, y) (the mouse's, or a finger's).
void queue_button(int button, bool down, double x, double y);

// Call before ImGui::NewFrame: delivers the queued events this frame may take, and asks for
// another frame when some must wait.
void before_frame();

// Call after ImGui_ImplGlfw_NewFrame (which reads the buttons as they are now): sets the mouse
// buttons as delivered and, in a frame that took a button change, the pointer where it happened.
void after_backend_frame();

}  // namespace ui::input_relay
