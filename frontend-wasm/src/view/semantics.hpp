// What the card's controls are, this frame: where each one is, its role, its accessible name
// and its state. ImGui draws pixels that screen readers, voice control and tests cannot see; the
// page mirrors these nodes into real, focusable DOM elements laid over the canvas (like Flutter
// web's semantics tree), and tells the view what was done to them (PageInput).
#pragma once

#include <imgui.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ui {

// The ARIA role a node gets. `none`: a named place on the canvas that has no element (the card,
// the chart's area), published for tests only.
enum class Role { none, button, menu, menuitem, dialog, textbox, list, listitem, alert, status };

struct SemanticNode {
  SemanticNode(std::string id_, std::string parent_, Role role_, std::string name_,
               ImVec2 min_ = {}, ImVec2 size_ = {})
      : id(std::move(id_)),
        parent(std::move(parent_)),
        role(role_),
        name(std::move(name_)),
        min(min_),
        size(size_) {}

  std::string id;      // stable from frame to frame: "sell", "reset-input", "sales-bar-3"
  std::string parent;  // the id of the menu, dialog or list it belongs to; empty: the card
  Role role = Role::none;
  std::string name;   // the accessible name ("Sold one"), or a list item's text
  std::string value;  // a text field's text
  ImVec2 min{}, size{};
  bool disabled = false;
  bool busy = false;
  bool invalid = false;
  bool password = false;
  bool digits = false;           // a text field for a number (phones show a number pad)
  bool opens_menu = false;       // a button whose activation opens a menu
  std::optional<bool> expanded;  // a control that opens a menu or a panel
  std::optional<bool> pressed;   // a choice among several (the panel's range)
};

class Semantics {
 public:
  void clear() {
    nodes_.clear();
    held_back_ = false;
  }
  // A node of the window being drawn. In the frame a window appears (a menu, a dialog) ImGui
  // measures it without drawing it, and the pointer cannot reach it: its nodes are held back
  // until the next frame, when what they say is on screen.
  void add(SemanticNode node) {
    if (ImGui::IsWindowAppearing())
      held_back_ = true;
    else
      nodes_.push_back(std::move(node));
  }
  // `node`, where the last ImGui item is.
  void add_last_item(SemanticNode node) {
    node.min = ImGui::GetItemRectMin();
    node.size = ImGui::GetItemRectSize();
    add(std::move(node));
  }
  const std::vector<SemanticNode>& all() const { return nodes_; }
  // Some nodes wait for the next frame (it must be drawn).
  bool held_back() const { return held_back_; }

 private:
  std::vector<SemanticNode> nodes_;
  bool held_back_ = false;
};

// A text field's selection, in characters (a caret when start == end).
struct Selection {
  int start = 0;
  int end = 0;
};

// What was done to the page's elements since the last frame, for the view to act on exactly as
// on the canvas: controls activated (a click, Enter or Space, a screen reader's action), text
// edited, Escape, Enter in a text field, and where the keyboard focus is.
struct PageInput {
  std::vector<std::string> activated;
  std::vector<std::pair<std::string, std::string>> edits;  // a field's id, its new text
  bool escape = false;
  bool submit = false;
  std::string focus;           // the node whose element has the focus, or empty
  bool focus_visible = false;  // it came from the keyboard (:focus-visible)
  Selection selection;         // in the focused text field

  bool was_activated(std::string_view id) const {
    for (const auto& a : activated)
      if (a == id) return true;
    return false;
  }
  std::optional<std::string> edited(std::string_view id) const {
    std::optional<std::string> text;
    for (const auto& [field, value] : edits)
      if (field == id) text = value;
    return text;
  }
  // Whether the focus ring goes around `id`.
  bool ring(std::string_view id) const { return focus_visible && focus == id; }
};

}  // namespace ui
