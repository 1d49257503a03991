#include "card_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "view/card_layout.hpp"
#include "view/fonts.hpp"
#include "view/sales_panel.hpp"
#include "view/widgets.hpp"

namespace ui {

namespace {

using widgets::font_px;
using widgets::text_size;

constexpr const char* kMenuId = "settings-menu";
constexpr const char* kDialogId = "Reset the stock";
constexpr const char* kReturnDialogId = "Customer return";
constexpr const char* kTillDialogId = "Till name";

// ImGui's popup stack follows the model: the modal `id` opens while `open` (the model's dialog)
// is set, in the middle of what is in view, and closes once it is not, giving the page's focus
// back to Settings. Its width while it is open (EndPopup is the caller's then), or nothing.
std::optional<float> dialog_frame(const char* id, bool open, Viewport view, const CardMetrics& m,
                                  CardIntents& out) {
  if (open && !ImGui::IsPopupOpen(id)) ImGui::OpenPopup(id);
  if (!ImGui::IsPopupOpen(id)) return std::nullopt;
  const ImGuiIO& io = ImGui::GetIO();
  const float width = std::min(m.dialog_max_width, io.DisplaySize.x - 2 * m.screen_margin);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, view.top + view.height / 2),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, m.corner_radius);
  const bool begun = ImGui::BeginPopupModal(
      id, nullptr,
      ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
          ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoNavInputs);
  ImGui::PopStyleVar();
  if (!begun) return std::nullopt;
  if (!open) {  // the model closed it (done, or cancelled)
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    out.focus = "settings";
    return std::nullopt;
  }
  return width;
}

// What a dialog's two buttons were asked for this frame.
struct DialogPress {
  bool cancel = false;     // Cancel, or Escape
  bool clicked = false;    // the action's button, with the pointer
  bool activated = false;  // the action's element, from the keyboard or a screen reader
};

// CANCEL and the dialog's action at the bottom right of a dialog `inner` wide; their nodes for
// the page go to `nodes` (`dialog`-cancel, and the action's id).
DialogPress dialog_buttons(const std::string& dialog, float inner, const char* action_id,
                           const char* name, const char* label, bool enabled, bool busy,
                           const PageInput& input, const Theme& t, const Fonts& f, float time,
                           const CardMetrics& m, std::vector<SemanticNode>& nodes) {
  DialogPress press;
  ImGui::Dummy(ImVec2(0, 4));
  const ImVec2 row = ImGui::GetCursorScreenPos();
  const float confirm_w = m.dialog_confirm_width, cancel_w = m.dialog_cancel_width;
  const std::string cancel = dialog + "-cancel", parent = dialog + "-dialog";
  press.cancel =
      widgets::text_button(
          "Cancel", "CANCEL",
          ImVec2(row.x + inner - confirm_w - m.dialog_button_gap - cancel_w, row.y),
          ImVec2(cancel_w, m.dialog_button_height), input.ring(cancel), t, f, t.primary) ||
      input.was_activated(cancel) || input.escape;
  nodes.push_back(
      {cancel, parent, Role::button, "Cancel", ImGui::GetItemRectMin(), ImGui::GetItemRectSize()});
  press.clicked = widgets::primary_button(name, label, ImVec2(row.x + inner - confirm_w, row.y),
                                          ImVec2(confirm_w, m.dialog_button_height), enabled, busy,
                                          input.ring(action_id), t, f, time);
  press.activated = input.was_activated(action_id);
  SemanticNode action{
      action_id, parent, Role::button, name, ImGui::GetItemRectMin(), ImGui::GetItemRectSize()};
  action.disabled = !enabled;
  action.busy = busy;
  nodes.push_back(std::move(action));
  return press;
}

// Wrapped text `inner` wide in `color`, in the current window.
void wrapped_text(float inner, ImU32 color, const std::string& text) {
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();
}

void text_at(ImDrawList* list, const ImFont* font, ImVec2 pos, ImU32 color, const char* text,
             float wrap = 0) {
  list->AddText(font, font_px(font), ImVec2(std::round(pos.x), std::round(pos.y)), color, text,
                nullptr, wrap);
}

void centered_line(ImDrawList* list, const ImFont* font, const CardLayout& l, float y, ImU32 color,
                   const char* text) {
  const float width = text_size(font, text).x;
  text_at(list, font, ImVec2(l.min.x + (l.max.x - l.min.x - width) / 2, y), color, text);
}

// The caption under the number: why the number looks the way it does.
struct Caption {
  const char* text;
  ImU32 color;
};

Caption caption_for(const CounterViewModel& vm, const Theme& t) {
  switch (vm.phase()) {
    case Phase::loading:
      return {"Loading\xe2\x80\xa6", t.ink_muted};
    case Phase::sold_out:
      return {"Sold out", t.danger};
    case Phase::offline:
      return {vm.has_value() ? "Last known count" : "Waiting for the server\xe2\x80\xa6",
              t.ink_muted};
    case Phase::ready:
    case Phase::selling:
      return {"", t.ink_muted};
  }
  return {"", t.ink_muted};
}

// A tinted box with an icon and wrapped text.
void banner(ImDrawList* list, const BannerBox& box, const CardMetrics& m, const Fonts& f,
            ImU32 fill, ImU32 ink, const char* icon, const std::string& text) {
  list->AddRectFilled(box.min, box.max, fill, m.banner_radius);
  text_at(list, f.small_icon, ImVec2(box.min.x + m.banner_inset, box.min.y + m.banner_inset), ink,
          icon);
  text_at(list, f.body,
          ImVec2(box.min.x + m.banner_inset + m.banner_icon, box.min.y + m.banner_inset), ink,
          text.c_str(), box.text_width);
}

}  // namespace

CardIntents CardView::draw(const CounterViewModel& vm, const SalesViewModel& sales,
                           const PageInput& input, const Theme& t, const Fonts& f, float time,
                           Viewport view) {
  CardIntents out;
  semantics_.clear();
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  // Keys go to the focused window: keep it the card's.
  if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_AnyWindow)) ImGui::SetNextWindowFocus();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("card", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoBackground);
  ImGui::PopStyleVar();
  ImDrawList* list = ImGui::GetWindowDrawList();
  // The panel starts closed on a narrow window: decided by the first frame, kept by the model.
  const bool sales_open = sales.open().value_or(io.DisplaySize.x >= m_.sales_collapse_below);
  if (!sales.open()) out.sales_open = sales_open;

  const char* label = vm.phase() == Phase::sold_out ? "SOLD OUT" : "SOLD ONE";
  const CardLayout l =
      layout_card(m_, ImVec2(io.DisplaySize.x, view.height), f,
                  CardTexts{vm.banner(), vm.queue().waiting_text(), vm.queue().refused_text(),
                            label, sales_open, sales.recent().size(), SalesViewModel::kRecent});
  widgets::surface(list, l.min, l.max, m_.corner_radius, t);
  page_height_ = l.page_height;
  semantics_.add({"card", "", Role::none, "", l.min, ImVec2(l.max.x - l.min.x, l.max.y - l.min.y)});

  // Header: title and the Settings button.
  const float left = l.min.x + l.padding;
  text_at(list, f.title, ImVec2(left, l.header_y + m_.header_height / 2 - font_px(f.title) / 2 - 2),
          t.ink, "Cameras in stock");
  const ImVec2 gear(l.max.x - l.padding - m_.header_height + m_.menu_padding, l.header_y);
  gear_max_ = ImVec2(gear.x + m_.header_height, gear.y + m_.header_height);
  const bool menu_open = ImGui::IsPopupOpen(kMenuId);
  bool close_menu = false;
  if (widgets::icon_button("Settings", fonts::kIconSettings, gear, m_.header_height,
                           input.ring("settings"), t, f)) {
    ImGui::OpenPopup(kMenuId);
  } else if (input.was_activated("settings")) {
    if (menu_open)
      close_menu = true;
    else
      ImGui::OpenPopup(kMenuId);
  }
  SemanticNode settings{"settings", "", Role::button, "Settings"};
  settings.expanded = menu_open;
  settings.opens_menu = true;
  semantics_.add_last_item(std::move(settings));

  // The number, or a spinner while the first value loads.
  const float width = l.max.x - l.min.x;
  if (vm.has_value() || vm.phase() == Phase::offline) {
    const std::string number = vm.has_value() ? std::to_string(vm.value()) : "\xe2\x80\x94";
    const ImVec2 size = text_size(f.number, number.c_str());
    text_at(list, f.number,
            ImVec2(l.min.x + (width - size.x) / 2, l.number_y + (l.number_height - size.y) / 2),
            vm.stale() || !vm.has_value() ? t.ink_muted : t.ink, number.c_str());
  } else {
    widgets::spinner(list, ImVec2(l.min.x + width / 2, l.number_y + l.number_height / 2),
                     m_.loading_spinner_radius, t.primary, time);
  }
  const Caption caption = caption_for(vm, t);
  centered_line(list, f.button, l, l.caption_y, caption.color, caption.text);
  if (vm.queue().waiting() > 0)
    centered_line(list, f.body, l, l.waiting_y, t.primary, vm.queue().waiting_text().c_str());

  if (l.banner.shown)
    banner(list, l.banner, m_, f, t.notice_fill, t.notice_ink,
           vm.phase() == Phase::offline ? fonts::kIconCloudOff : fonts::kIconInfo, vm.banner());
  if (l.refused.shown) {
    banner(list, l.refused, m_, f, t.error_fill, t.error_ink, fonts::kIconError,
           vm.queue().refused_text());
    const ImVec2 size(m_.banner_action_width, m_.banner_action_height);
    if (widgets::text_button("Dismiss", "DISMISS",
                             ImVec2(l.refused.max.x - m_.banner_inset / 2 - size.x,
                                    l.refused.max.y - m_.banner_inset / 2 - size.y),
                             size, input.ring("dismiss"), t, f, t.error_ink) ||
        input.was_activated("dismiss"))
      out.dismiss_refused = true;
    semantics_.add_last_item({"dismiss", "", Role::button, "Dismiss"});
  }

  // The primary action: its element stays focusable while it cannot sell (a screen reader
  // finds it, dimmed), and does nothing then, as the greyed button does.
  if (widgets::primary_button("Sold one", label, l.button_min, l.button_size, vm.can_sell(),
                              vm.selling(), input.ring("sell"), t, f, time) ||
      (input.was_activated("sell") && vm.can_sell()))
    out.sell = true;
  SemanticNode sell{"sell", "", Role::button,
                    vm.phase() == Phase::sold_out ? "Sold out" : "Sold one"};
  sell.disabled = !vm.can_sell() && !vm.selling();
  sell.busy = vm.selling();
  semantics_.add_last_item(std::move(sell));

  const SalesIntents panel = draw_sales_panel(sales, input, l, m_, t, f, semantics_);
  if (panel.toggle_open) out.sales_open = !sales_open;
  out.sales_range = panel.range;

  draw_settings_menu(input, close_menu, t, f, out);
  draw_reset_dialog(vm, input, t, f, time, view, out);
  draw_return_dialog(vm, input, t, f, view, out);
  draw_till_dialog(vm, input, t, f, view, out);
  draw_undo_offers(vm, input, t, f, view, out);
  ImGui::End();
  return out;
}

void CardView::draw_settings_menu(const PageInput& input, bool close, const Theme& t,
                                  const Fonts& f, CardIntents& out) {
  if (!ImGui::IsPopupOpen(kMenuId)) return;
  const float height = 3 * m_.menu_item_height + 2 * m_.menu_padding;
  const ImVec2 pos(std::min(gear_max_.x - m_.menu_width + m_.menu_padding,
                            ImGui::GetIO().DisplaySize.x - m_.menu_width - m_.menu_padding),
                   gear_max_.y + m_.menu_gap);
  // The popup has no shadow of its own: draw one beneath it, on the card's layer.
  widgets::surface(ImGui::GetWindowDrawList(), pos, ImVec2(pos.x + m_.menu_width, pos.y + height),
                   m_.button_radius, t);
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(ImVec2(m_.menu_width, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, m_.menu_padding));
  if (ImGui::BeginPopup(kMenuId, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoScrollbar)) {
    ImGui::PushFont(f.body);
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
    // The items touch: the menu's height is theirs (no spacing between them).
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(0.0f, 0.0f));
    ImGui::SetCursorPosX(0);
    ImGui::Indent(m_.menu_indent);
    // An opened menu takes the page's focus (as a menu button's menu does); Escape, or the
    // Settings button again, closes it and gives the focus back.
    if (ImGui::IsWindowAppearing()) out.focus = "reset";
    semantics_.add({"settings-menu", "", Role::menu, "Settings", ImGui::GetWindowPos(),
                    ImGui::GetWindowSize()});
    const auto item = [&](const char* id, const char* name, bool& intent) {
      if (ImGui::Selectable(name, false, 0,
                            ImVec2(m_.menu_width - 2 * m_.menu_indent, m_.menu_item_height)) ||
          input.was_activated(id)) {
        intent = true;
        ImGui::CloseCurrentPopup();
      }
      widgets::focus_ring(input.ring(id), ImGui::GetWindowDrawList(), ImGui::GetItemRectMin(),
                          ImGui::GetItemRectMax(), m_.button_radius, t);
      semantics_.add_last_item({id, "settings-menu", Role::menuitem, name});
    };
    item("reset", "Reset stock\xe2\x80\xa6", out.open_reset);
    item("return", "Customer return\xe2\x80\xa6", out.open_return);
    item("till", "Till name\xe2\x80\xa6", out.edit_till);
    if (input.escape || close) {
      ImGui::CloseCurrentPopup();
      out.focus = "settings";
    }
    ImGui::Unindent(m_.menu_indent);
    ImGui::PopStyleVar(2);
    ImGui::PopFont();
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar();
}

void CardView::draw_reset_dialog(const CounterViewModel& vm, const PageInput& input, const Theme& t,
                                 const Fonts& f, float time, Viewport view, CardIntents& out) {
  const ResetDialog& dialog = vm.dialog();
  const auto width = dialog_frame(kDialogId, dialog.is_open(), view, m_, out);
  if (!width) return;
  // On its first frame an auto-sized window is measured but not shown: the page's focus goes
  // to the stock field (its number selected, to type over) once its node follows, next frame.
  if (ImGui::IsWindowAppearing()) {
    out.focus = "reset-input";
    out.select_all = true;
  }
  const float inner = *width - 2 * m_.dialog_padding;
  const auto wrapped = [&](ImU32 color, const std::string& text) {
    wrapped_text(inner, color, text);
  };
  std::vector<SemanticNode> nodes;  // the dialog's own, after the dialog's node
  const auto field = [&](const char* id, const char* name, const std::string& text, bool password) {
    const bool focused = input.focus == id;
    widgets::text_field(id, inner, text, password, focused ? &input.selection : nullptr, focused,
                        t);
    SemanticNode node{id, "reset-dialog", Role::textbox, name};
    node.value = text;
    node.password = password;
    node.min = ImGui::GetItemRectMin();
    node.size = ImGui::GetItemRectSize();
    return node;
  };
  ImGui::PushFont(f.title);
  ImGui::TextUnformatted("Reset the stock?");
  ImGui::PopFont();
  wrapped(t.ink_muted,
          "This replaces the count on every screen. Enter the new number of cameras in stock.");

  // What the field shows is what is sent: the page's field edits the model's text as it is typed.
  // An edit is shown at once (the model takes it after this frame).
  out.reset_text = input.edited("reset-input");
  SemanticNode stock =
      field("reset-input", "New stock", out.reset_text.value_or(dialog.text()), false);
  stock.invalid = !dialog.target().has_value();
  stock.digits = true;
  nodes.push_back(std::move(stock));
  if (dialog.needs_code()) {
    wrapped(t.ink_muted, "Manager's code");
    out.typed_code = input.edited("reset-code");
    SemanticNode code =
        field("reset-code", "Manager's code", out.typed_code.value_or(dialog.typed_code()), true);
    code.invalid = dialog.target().has_value() && !dialog.error().empty();
    nodes.push_back(std::move(code));
  }
  if (!dialog.error().empty()) {
    wrapped(t.danger, dialog.error());
    nodes.push_back({"reset-error", "reset-dialog", Role::alert, dialog.error(),
                     ImGui::GetItemRectMin(), ImGui::GetItemRectSize()});
  }
  if (!dialog.notice().empty()) {
    wrapped(t.ink_muted, dialog.notice());
    nodes.push_back({"reset-notice", "reset-dialog", Role::status, dialog.notice(),
                     ImGui::GetItemRectMin(), ImGui::GetItemRectSize()});
  }

  const bool can_press = dialog.can_confirm() || dialog.sending();
  const DialogPress press =
      dialog_buttons("reset", inner, "reset-confirm", "Reset", "RESET", can_press, dialog.sending(),
                     input, t, f, time, m_, nodes);
  out.cancel_reset = press.cancel;
  // Enter in a field asks too: without the code it says the code is needed.
  out.confirm_reset =
      press.clicked || (((press.activated && can_press) || input.submit) && !dialog.sending());
  semantics_.add({"reset-dialog", "", Role::dialog, "Reset the stock?", ImGui::GetWindowPos(),
                  ImGui::GetWindowSize()});
  for (auto& node : nodes) semantics_.add(std::move(node));
  if (out.cancel_reset) {
    ImGui::CloseCurrentPopup();
    out.focus = "settings";
  }
  ImGui::EndPopup();
}

void CardView::draw_till_dialog(const CounterViewModel& vm, const PageInput& input, const Theme& t,
                                const Fonts& f, Viewport view, CardIntents& out) {
  const TillName& till = vm.till();
  const auto width = dialog_frame(kTillDialogId, till.editing(), view, m_, out);
  if (!width) return;
  if (ImGui::IsWindowAppearing()) {
    out.focus = "till-input";
    out.select_all = true;
  }
  const float inner = *width - 2 * m_.dialog_padding;
  ImGui::PushFont(f.title);
  ImGui::TextUnformatted("Name this till");
  ImGui::PopFont();
  wrapped_text(inner, t.ink_muted,
               "Every sale, return and reset from this screen carries it, so the history says "
               "where each came from (\"Front desk\"). Kept in this browser.");
  std::vector<SemanticNode> nodes;
  out.till_text = input.edited("till-input");
  const std::string text = out.till_text.value_or(till.text());
  const bool focused = input.focus == "till-input";
  widgets::text_field("till-input", inner, text, false, focused ? &input.selection : nullptr,
                      focused, t);
  SemanticNode field{"till-input", "till-dialog",           Role::textbox,
                     "Till name",  ImGui::GetItemRectMin(), ImGui::GetItemRectSize()};
  field.value = text;
  field.invalid = !till.valid();
  nodes.push_back(std::move(field));
  if (!till.valid()) {
    wrapped_text(inner, t.danger, "At most 40 characters, and no control characters.");
    nodes.push_back({"till-error", "till-dialog", Role::alert,
                     "At most 40 characters, and no control characters.", ImGui::GetItemRectMin(),
                     ImGui::GetItemRectSize()});
  }
  const DialogPress press = dialog_buttons("till", inner, "till-save", "Save", "SAVE", till.valid(),
                                           false, input, t, f, 0, m_, nodes);
  out.cancel_till = press.cancel;
  out.save_till = press.clicked || ((press.activated || input.submit) && till.valid());
  semantics_.add({"till-dialog", "", Role::dialog, "Name this till", ImGui::GetWindowPos(),
                  ImGui::GetWindowSize()});
  for (auto& node : nodes) semantics_.add(std::move(node));
  ImGui::EndPopup();
}

void CardView::draw_return_dialog(const CounterViewModel& vm, const PageInput& input,
                                  const Theme& t, const Fonts& f, Viewport view, CardIntents& out) {
  const auto width = dialog_frame(kReturnDialogId, vm.return_open(), view, m_, out);
  if (!width) return;
  if (ImGui::IsWindowAppearing()) out.focus = "return-confirm";
  const float inner = *width - 2 * m_.dialog_padding;
  ImGui::PushFont(f.title);
  ImGui::TextUnformatted("Customer return?");
  ImGui::PopFont();
  wrapped_text(inner, t.ink_muted,
               "A customer brought a camera back: it goes back into stock, one more on every "
               "screen. To take back a sale made here by mistake, use its Undo instead.");
  std::vector<SemanticNode> nodes;
  const DialogPress press = dialog_buttons("return", inner, "return-confirm", "Take back",
                                           "TAKE BACK", true, false, input, t, f, 0, m_, nodes);
  out.cancel_return = press.cancel;
  out.confirm_return = press.clicked || press.activated || input.submit;
  semantics_.add({"return-dialog", "", Role::dialog, "Customer return?", ImGui::GetWindowPos(),
                  ImGui::GetWindowSize()});
  for (auto& node : nodes) semantics_.add(std::move(node));
  if (out.cancel_return || out.confirm_return) {
    ImGui::CloseCurrentPopup();
    out.focus = "settings";
  }
  ImGui::EndPopup();
}

void CardView::draw_undo_offers(const CounterViewModel& vm, const PageInput& input, const Theme& t,
                                const Fonts& f, Viewport view, CardIntents& out) {
  const auto& offers = vm.undo_offers();
  if (offers.empty()) return;
  const ImGuiIO& io = ImGui::GetIO();
  ImDrawList* list = ImGui::GetWindowDrawList();  // over the card, under an open dialog
  const float width = std::min(m_.snackbar_width, io.DisplaySize.x - 2 * m_.screen_margin);
  const float x = (io.DisplaySize.x - width) / 2;
  // The newest on top: the stack grows upwards from the bottom of what is in view.
  float y = view.top + view.height - m_.screen_margin -
            static_cast<float>(offers.size()) * (m_.snackbar_height + m_.snackbar_gap);
  for (std::size_t i = 0; i < offers.size(); ++i, y += m_.snackbar_height + m_.snackbar_gap) {
    const std::string id = "undo-" + std::to_string(i);
    const ImVec2 min(x, y), max(x + width, y + m_.snackbar_height);
    list->AddRectFilled(min, max, t.tooltip_fill, m_.button_radius);
    const char* text = "Sold one";
    text_at(list, f.body,
            ImVec2(min.x + m_.banner_inset,
                   min.y + (m_.snackbar_height - text_size(f.body, text).y) / 2),
            t.tooltip_ink, text);
    const ImVec2 size(m_.banner_action_width, m_.banner_action_height);
    const ImVec2 at(max.x - m_.banner_inset / 2 - size.x,
                    min.y + (m_.snackbar_height - size.y) / 2);
    if (widgets::text_button(id.c_str(), "UNDO", at, size, input.ring(id), t, f,
                             t.snackbar_action) ||
        input.was_activated(id))
      out.undo = offers[i].sale_key;
    // Not a live region of its own: the status already says the new count.
    semantics_.add({id + "-note", "", Role::none, text, min, ImVec2(width, m_.snackbar_height)});
    semantics_.add({id, "", Role::button, "Undo the sale", at, size});
  }
}

}  // namespace ui
