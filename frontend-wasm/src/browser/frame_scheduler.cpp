#include "browser/frame_scheduler.hpp"

#include <emscripten/html5.h>

#include <algorithm>

#include "browser/dom_bridge.hpp"

namespace ui {

FrameScheduler::FrameScheduler(std::function<bool()> draw) : draw_(std::move(draw)) {}

void FrameScheduler::request(int frames) {
  frames_left_ = std::max(frames_left_, frames);
  if (running_) return;
  running_ = true;
  dom::publish_idle(false);
  emscripten_request_animation_frame_loop(&FrameScheduler::on_animation_frame, this);
}

int FrameScheduler::on_animation_frame(double, void* user) {
  auto* self = static_cast<FrameScheduler*>(user);
  const bool animating = self->draw_();
  if (animating) self->frames_left_ = std::max(self->frames_left_, 1);
  self->running_ = --self->frames_left_ > 0;
  if (!self->running_) dom::publish_idle(true);
  return self->running_ ? EM_TRUE : EM_FALSE;
}

}  // namespace ui
