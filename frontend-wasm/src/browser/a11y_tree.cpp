#include "browser/a11y_tree.hpp"

#include <emscripten.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <utility>

extern "C" {
// From a11y_tree.js.
void js_a11y_install();
void js_a11y_sync(const char* nodes_json);
void js_a11y_focus(const char* id, int select_all);
}

namespace ui::a11y {

namespace {

// What the page's elements were told, kinds as in a11y_tree.js.
enum class Event { activate, focus, blur, edit, select, escape, submit };

struct PageEvent {
  Event kind;
  std::string id, text;
  int a, b;
};

std::function<void()> g_changed;
std::vector<PageEvent> g_queue;  // in the order they happened
PageInput g_focus;               // where the focus is: kept from frame to frame

const char* role_name(Role role) {
  switch (role) {
    case Role::none:
      return "none";
    case Role::button:
      return "button";
    case Role::menu:
      return "menu";
    case Role::menuitem:
      return "menuitem";
    case Role::dialog:
      return "dialog";
    case Role::textbox:
      return "textbox";
    case Role::list:
      return "list";
    case Role::listitem:
      return "listitem";
    case Role::alert:
      return "alert";
    case Role::status:
      return "status";
  }
  return "none";
}

bool is_action(Event kind) {
  return kind == Event::activate || kind == Event::escape || kind == Event::submit;
}

}  // namespace

void install(std::function<void()> changed) {
  g_changed = std::move(changed);
  js_a11y_install();
}

void publish(const std::vector<SemanticNode>& nodes) {
  rapidjson::StringBuffer json;
  rapidjson::Writer<rapidjson::StringBuffer> w(json);
  w.StartArray();
  for (const auto& n : nodes) {
    if (n.role == Role::none) continue;
    w.StartObject();
    w.Key("id");
    w.String(n.id.c_str());
    w.Key("parent");
    w.String(n.parent.c_str());
    w.Key("role");
    w.String(role_name(n.role));
    w.Key("name");
    w.String(n.name.c_str());
    w.Key("value");
    w.String(n.value.c_str());
    w.Key("box");
    w.StartArray();
    for (float v : {n.min.x, n.min.y, n.size.x, n.size.y}) w.Double(static_cast<int>(v));
    w.EndArray();
    // Flags, only when set: the JSON stays short and mostly the same from frame to frame.
    const std::pair<const char*, bool> flags[] = {
        {"disabled", n.disabled}, {"busy", n.busy},     {"invalid", n.invalid},
        {"password", n.password}, {"digits", n.digits}, {"opensMenu", n.opens_menu}};
    for (const auto& [key, set] : flags) {
      if (!set) continue;
      w.Key(key);
      w.Bool(true);
    }
    if (n.expanded) {
      w.Key("expanded");
      w.Bool(*n.expanded);
    }
    if (n.pressed) {
      w.Key("pressed");
      w.Bool(*n.pressed);
    }
    w.EndObject();
  }
  w.EndArray();
  js_a11y_sync(json.GetString());
}

void focus(const std::string& id, bool select_all) {
  js_a11y_focus(id.c_str(), select_all ? 1 : 0);
}

PageInput take_input() {
  // Edits reach the model after the frame that takes them: an action that came after an edit
  // waits for the next frame, so it sees the text (a code typed, then Reset pressed at once).
  PageInput in = g_focus;
  bool edited = false;
  std::size_t taken = 0;
  for (; taken < g_queue.size(); ++taken) {
    const PageEvent& e = g_queue[taken];
    if (edited && is_action(e.kind)) break;
    switch (e.kind) {
      case Event::activate:
        in.activated.push_back(e.id);
        break;
      case Event::focus:
        in.focus = e.id;
        in.focus_visible = e.a != 0;
        break;
      case Event::blur:
        in.focus.clear();
        in.focus_visible = false;
        break;
      case Event::edit:
        in.edits.emplace_back(e.id, e.text);
        in.selection = {e.a, e.b};
        edited = true;
        break;
      case Event::select:
        in.selection = {e.a, e.b};
        break;
      case Event::escape:
        in.escape = true;
        break;
      case Event::submit:
        in.submit = true;
        break;
    }
  }
  g_queue.erase(g_queue.begin(), g_queue.begin() + static_cast<std::ptrdiff_t>(taken));
  g_focus.focus = in.focus;
  g_focus.focus_visible = in.focus_visible;
  g_focus.selection = in.selection;
  if (!g_queue.empty() && g_changed) g_changed();  // the rest in the next frame
  return in;
}

}  // namespace ui::a11y

// From a11y_tree.js: `kind` happened to the element of node `id` (an edit's `text`; a text
// field's selection from `a` to `b`, or whether a focus is :focus-visible in `a`).
extern "C" EMSCRIPTEN_KEEPALIVE void camera_counter_a11y_event(int kind, const char* id,
                                                               const char* text, int a, int b) {
  ui::a11y::g_queue.push_back({static_cast<ui::a11y::Event>(kind), id, text, a, b});
  if (ui::a11y::g_changed) ui::a11y::g_changed();
}
