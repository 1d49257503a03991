// The page's accessibility tree for the card: every node the view publishes (view/semantics.hpp)
// becomes a real DOM element laid over the canvas — a <button>, an <input>, a menu, a dialog, a
// list — with its role, name and state, invisible but focusable, so screen readers, voice
// control, switch access and the keyboard use the card as they use any page. What is done to
// those elements comes back as the next frame's PageInput. The elements' JavaScript is
// a11y_tree.js (an Emscripten library).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "view/semantics.hpp"

namespace ui::a11y {

// Starts following the elements; `changed` is called whenever something was done to them.
void install(std::function<void()> changed);
// Brings the elements in step with this frame's nodes (cheap when nothing changed).
void publish(const std::vector<SemanticNode>& nodes);
// Moves the page's focus to the node's element, now or as soon as it exists.
void focus(const std::string& id, bool select_all);
// What was done since the last call (the focus stays where it is).
PageInput take_input();

}  // namespace ui::a11y
