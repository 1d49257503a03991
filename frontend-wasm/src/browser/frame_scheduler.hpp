// Draws only when something changed: input, an answer from the API, a resize, or an animation
// that is running. Idle, the page draws no frames at all (a plain requestAnimationFrame loop
// costs ~90 % of a core in Chromium).
#pragma once

#include <functional>

namespace ui {

class FrameScheduler {
 public:
  // `draw` renders one frame and returns whether it needs more (an animation is running).
  explicit FrameScheduler(std::function<bool()> draw);

  // Asks for a few frames: ImGui needs more than one to settle hover and click states.
  void request(int frames = 3);

 private:
  static int on_animation_frame(double time, void* self);
  std::function<bool()> draw_;
  int frames_left_ = 0;
  bool running_ = false;
};

}  // namespace ui
