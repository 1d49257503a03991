// Passes GLFW's input events to Dear ImGui and wakes the frame scheduler for each of them.
//
// Dear ImGui 1.86 reads keys as "down or up at frame time" (the input queue came in 1.87), so a
// key pressed and released between two frames (a quick tap, or a test's keyboard.press) would
// never be seen. The relay queues keyboard events and hands them over at the start of each
// frame, at most one change per key per frame, keeping their order with typed characters. Mouse
// buttons go the same way, each with the pointer's position at the time, and so do taps, read
// from the touch events (a busy tablet's emulated mouse events may never come).
#pragma once

#include <GLFW/glfw3.h>

#include "browser/frame_scheduler.hpp"

namespace ui::input_relay {

// Installs the callbacks; pass install_callbacks=false to ImGui_ImplGlfw_InitForOpenGL.
void install(GLFWwindow* window, FrameScheduler& frames);

// Queues a press or release of `button` at canvas pixel (x, y) (the mouse's, or a finger's).
void queue_button(int button, bool down, double x, double y);

// Call before ImGui::NewFrame: delivers the queued keyboard events this frame may take, and asks
// for another frame when some must wait.
void before_frame();

// Call after ImGui_ImplGlfw_NewFrame (which reads the buttons as they are now): sets the mouse
// buttons and, for a press or release, the pointer as they were at the frame's next queued
// change, at most one change per button per frame.
void after_backend_frame();

}  // namespace ui::input_relay
