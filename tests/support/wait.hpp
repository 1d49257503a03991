// Waiting for a condition in a test: polls until it holds, or gives up after a guard that only
// catches a hang (never a measure of speed).
#pragma once

#include <chrono>
#include <thread>

namespace testsupport {

inline constexpr auto kHangGuard = std::chrono::seconds(60);

template <class Condition>
bool wait_until(Condition condition, std::chrono::milliseconds guard = kHangGuard) {
  const auto deadline = std::chrono::steady_clock::now() + guard;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  }
  return true;
}

}  // namespace testsupport
