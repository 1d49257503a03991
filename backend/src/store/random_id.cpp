#include "random_id.hpp"

#include <cstdio>
#include <random>

namespace counterd {

std::string random_id() {
  std::random_device entropy;
  const unsigned long long bits = (static_cast<unsigned long long>(entropy()) << 32) | entropy();
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", bits);
  return text;
}

}  // namespace counterd
