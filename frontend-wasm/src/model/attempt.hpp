// A request the models send again until it is answered: whether it is on the wire, and the
// time before which it may not go (again).
#pragma once

#include <limits>

namespace ui {

class Attempt {
 public:
  bool in_flight() const { return in_flight_; }
  bool due(double now_ms) const { return !in_flight_ && now_ms >= not_before_ms_; }
  // When it falls due; never while it is in flight (its answer comes first).
  double due_at() const {
    return in_flight_ ? std::numeric_limits<double>::infinity() : not_before_ms_;
  }
  void sent() { in_flight_ = true; }
  void answered() { in_flight_ = false; }
  void not_before(double ms) { not_before_ms_ = ms; }

 private:
  bool in_flight_ = false;
  double not_before_ms_ = 0;
};

}  // namespace ui
