// Where the card's controls are this frame, by name (CSS pixels, canvas coordinates). ImGui
// draws pixels that tests cannot click by name; the page publishes these for them.
#pragma once

#include <imgui.h>

#include <string>
#include <utility>
#include <vector>

namespace ui {

struct Hotspot {
  std::string name;
  ImVec2 min;
  ImVec2 size;
};

class Hotspots {
 public:
  void clear() { spots_.clear(); }
  // The last ImGui item, under `name`.
  void add_last_item(const char* name) {
    spots_.push_back({name, ImGui::GetItemRectMin(), ImGui::GetItemRectSize()});
  }
  void add(const char* name, ImVec2 min, ImVec2 size) { spots_.push_back({name, min, size}); }
  const std::vector<Hotspot>& all() const { return spots_; }

 private:
  std::vector<Hotspot> spots_;
};

}  // namespace ui
