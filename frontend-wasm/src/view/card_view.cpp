#include "card_view.hpp"

#include <imgui_internal.h>  // ClearActiveID: leave a text field when Tab moves to a button

#include <algorithm>
#include <cmath>
#include <cstring>
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

// An ImGui edit buffer holding `text` (cut to fit). The model's text is the field's only state:
// ImGui keeps its own copy while the field is active and hands every edit back.
template <std::size_t N>
std::array<char, N> edit_buffer(const std::string& text) {
  std::array<char, N> buffer{};
  text.copy(buffer.data(), N - 1);
  return buffer;
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

void CardView::move_focus(const CounterViewModel& vm, bool sales_open) {
  if (ImGui::IsAnyMouseDown()) focus_ = Focus::none;
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  if (!widgets::key_pressed(ImGuiKey_Tab)) return;
  // A disabled Sold one and a closed panel's range are skipped.
  std::vector<Focus> stops{Focus::settings};
  if (!vm.queue().refused_text().empty()) stops.push_back(Focus::dismiss);
  if (vm.can_sell() || vm.selling()) stops.push_back(Focus::sell);
  stops.push_back(Focus::sales_toggle);
  if (sales_open) stops.insert(stops.end(), {Focus::sales_day, Focus::sales_fortnight});
  const bool back = ImGui::GetIO().KeyShift;
  const auto at = std::find(stops.begin(), stops.end(), focus_);
  if (at == stops.end()) {
    focus_ = back ? stops.back() : stops.front();
    return;
  }
  const std::size_t n = stops.size(), i = static_cast<std::size_t>(at - stops.begin());
  focus_ = stops[(i + (back ? n - 1 : 1)) % n];
}

bool CardView::focused(Focus which) const {
  return focus_ == which && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId);
}

SalesFocus CardView::sales_focus() const {
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return SalesFocus::none;
  switch (focus_) {
    case Focus::sales_toggle:
      return SalesFocus::toggle;
    case Focus::sales_day:
      return SalesFocus::day;
    case Focus::sales_fortnight:
      return SalesFocus::fortnight;
    default:
      return SalesFocus::none;
  }
}

CardIntents CardView::draw(const CounterViewModel& vm, const SalesViewModel& sales, const Theme& t,
                           const Fonts& f, float time, Viewport view) {
  CardIntents out;
  hotspots_.clear();
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
  move_focus(vm, sales_open);

  const char* label = vm.phase() == Phase::sold_out ? "SOLD OUT" : "SOLD ONE";
  const CardLayout l =
      layout_card(m_, ImVec2(io.DisplaySize.x, view.height), f,
                  CardTexts{vm.banner(), vm.queue().waiting_text(), vm.queue().refused_text(),
                            label, sales_open, sales.recent().size(), SalesViewModel::kRecent});
  widgets::surface(list, l.min, l.max, m_.corner_radius, t);
  page_height_ = l.page_height;
  hotspots_.add("card", l.min, ImVec2(l.max.x - l.min.x, l.max.y - l.min.y));

  // Header: title and the Settings button.
  const float left = l.min.x + l.padding;
  text_at(list, f.title, ImVec2(left, l.header_y + m_.header_height / 2 - font_px(f.title) / 2 - 2),
          t.ink, "Cameras in stock");
  const ImVec2 gear(l.max.x - l.padding - m_.header_height + m_.menu_padding, l.header_y);
  gear_max_ = ImVec2(gear.x + m_.header_height, gear.y + m_.header_height);
  // While a menu or the dialog is open, the card's keyboard focus waits (Enter is theirs).
  if (widgets::icon_button("Settings", fonts::kIconSettings, gear, m_.header_height,
                           focused(Focus::settings), t, f))
    ImGui::OpenPopup(kMenuId);
  hotspots_.add_last_item("settings");

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
                             size, focused(Focus::dismiss), t, f, t.error_ink))
      out.dismiss_refused = true;
    hotspots_.add_last_item("dismiss");
  }

  // The primary action.
  if (widgets::primary_button("Sold one", label, l.button_min, l.button_size, vm.can_sell(),
                              vm.selling(), focused(Focus::sell), t, f, time))
    out.sell = true;
  hotspots_.add_last_item("sell");

  const SalesIntents panel = draw_sales_panel(sales, sales_focus(), l, m_, t, f, hotspots_);
  if (panel.toggle_open) out.sales_open = !sales_open;
  out.sales_range = panel.range;

  draw_settings_menu(t, f, out);
  draw_reset_dialog(vm, t, f, time, view, out);
  ImGui::End();
  return out;
}

void CardView::draw_settings_menu(const Theme& t, const Fonts& f, CardIntents& out) {
  if (!ImGui::IsPopupOpen(kMenuId)) return;
  const float height = m_.menu_item_height + 2 * m_.menu_padding;
  const ImVec2 pos(std::min(gear_max_.x - m_.menu_width + m_.menu_padding,
                            ImGui::GetIO().DisplaySize.x - m_.menu_width - m_.menu_padding),
                   gear_max_.y + m_.menu_gap);
  // The popup has no shadow of its own: draw one beneath it, on the card's layer.
  widgets::surface(ImGui::GetWindowDrawList(), pos, ImVec2(pos.x + m_.menu_width, pos.y + height),
                   m_.button_radius, t);
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(ImVec2(m_.menu_width, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, m_.menu_padding));
  if (ImGui::BeginPopup(kMenuId, ImGuiWindowFlags_NoMove)) {
    ImGui::PushFont(f.body);
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
    ImGui::SetCursorPosX(0);
    ImGui::Indent(m_.menu_indent);
    // The only item: Enter or Space picks it too, so the menu works from the keyboard (it shows
    // the focus ring when the keyboard is in use).
    if (ImGui::Selectable("Reset stock\xe2\x80\xa6", false, 0,
                          ImVec2(m_.menu_width - 2 * m_.menu_indent, m_.menu_item_height)) ||
        (!ImGui::IsWindowAppearing() && widgets::activation_key_pressed())) {
      out.open_reset = true;
      ImGui::CloseCurrentPopup();
    }
    widgets::focus_ring(focus_ != Focus::none, ImGui::GetWindowDrawList(), ImGui::GetItemRectMin(),
                        ImGui::GetItemRectMax(), m_.button_radius, t);
    hotspots_.add_last_item("reset");
    if (widgets::key_pressed(ImGuiKey_Escape)) ImGui::CloseCurrentPopup();
    ImGui::Unindent(m_.menu_indent);
    ImGui::PopStyleVar();
    ImGui::PopFont();
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar();
}

void CardView::move_dialog_focus(const CounterViewModel& vm) {
  std::vector<DialogFocus> stops{DialogFocus::stock};
  if (vm.dialog().needs_code()) stops.push_back(DialogFocus::code);
  stops.insert(stops.end(), {DialogFocus::cancel, DialogFocus::confirm});
  const auto at = std::find(stops.begin(), stops.end(), dialog_focus_);
  const std::size_t n = stops.size(),
                    i = at == stops.end() ? 0 : static_cast<std::size_t>(at - stops.begin());
  dialog_focus_ = stops[(i + (ImGui::GetIO().KeyShift ? n - 1 : 1)) % n];
  focus_field_ = dialog_focus_ == DialogFocus::stock || dialog_focus_ == DialogFocus::code;
  if (!focus_field_) ImGui::ClearActiveID();  // typing must not go on into the field just left
}

void CardView::draw_reset_dialog(const CounterViewModel& vm, const Theme& t, const Fonts& f,
                                 float time, Viewport view, CardIntents& out) {
  const ResetDialog& dialog = vm.dialog();
  // ImGui's popup stack follows the model: opened while the model's dialog is, closed after.
  if (dialog.is_open() && !ImGui::IsPopupOpen(kDialogId)) ImGui::OpenPopup(kDialogId);
  if (!ImGui::IsPopupOpen(kDialogId)) return;

  const ImGuiIO& io = ImGui::GetIO();
  const float width = std::min(m_.dialog_max_width, io.DisplaySize.x - 2 * m_.screen_margin);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, view.top + view.height / 2),
                          ImGuiCond_Always, ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, m_.corner_radius);
  // NoNavInputs: Dear ImGui's own tabbing (text fields only) stays out of the dialog's order.
  if (!ImGui::BeginPopupModal(kDialogId, nullptr,
                              ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                  ImGuiWindowFlags_NoResize | ImGuiWindowFlags_AlwaysAutoResize |
                                  ImGuiWindowFlags_NoNavInputs)) {
    ImGui::PopStyleVar();
    return;
  }
  ImGui::PopStyleVar();
  if (!dialog.is_open()) {  // the model closed it (reset done or cancelled)
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  // On its first frame an auto-sized window is measured but not shown: the keyboard starts in
  // the stock field, and the hotspots are published from the next frame.
  const bool appearing = ImGui::IsWindowAppearing();
  if (appearing) {
    dialog_focus_ = DialogFocus::stock;
    focus_field_ = true;
  } else if (widgets::key_pressed(ImGuiKey_Tab)) {
    move_dialog_focus(vm);  // Tab and Shift+Tab in the visual order
  }
  const float inner = width - 2 * m_.dialog_padding;
  const auto wrapped = [&](ImU32 color, const std::string& text) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(color));
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  };
  // A text field of the dialog; true when Enter was pressed in it.
  const auto field = [&](DialogFocus which, const char* id, char* buf, std::size_t size,
                         ImGuiInputTextFlags flags) {
    ImGui::SetNextItemWidth(inner);
    if (focus_field_ && dialog_focus_ == which) {
      ImGui::SetKeyboardFocusHere();
      focus_field_ = false;
    }
    const bool enter =
        ImGui::InputText(id, buf, size, flags | ImGuiInputTextFlags_EnterReturnsTrue);
    if (ImGui::IsItemActivated()) dialog_focus_ = which;  // clicked into
    return enter;
  };
  ImGui::PushFont(f.title);
  ImGui::TextUnformatted("Reset the stock?");
  ImGui::PopFont();
  wrapped(t.ink_muted,
          "This replaces the count on every screen. Enter the new number of cameras in stock.");
  const bool shown = !appearing;

  // What the field shows is what is sent: every edit goes to the model as it is typed.
  auto stock = edit_buffer<16>(dialog.text());
  bool enter = field(DialogFocus::stock, "##stock", stock.data(), stock.size(),
                     ImGuiInputTextFlags_CharsDecimal);
  if (ImGui::IsItemEdited()) out.reset_text = std::string(stock.data());
  if (shown) hotspots_.add_last_item("reset-input");

  if (dialog.needs_code()) {
    wrapped(t.ink_muted, "Manager's code");
    auto code = edit_buffer<64>(dialog.typed_code());
    enter |=
        field(DialogFocus::code, "##code", code.data(), code.size(), ImGuiInputTextFlags_Password);
    if (ImGui::IsItemEdited()) out.typed_code = std::string(code.data());
    if (shown) hotspots_.add_last_item("reset-code");
  }
  if (!dialog.error().empty()) wrapped(t.danger, dialog.error());
  if (!dialog.notice().empty()) wrapped(t.ink_muted, dialog.notice());

  ImGui::Dummy(ImVec2(0, 4));
  const ImVec2 row = ImGui::GetCursorScreenPos();
  const float confirm_w = m_.dialog_confirm_width, cancel_w = m_.dialog_cancel_width;
  const bool typing = ImGui::IsAnyItemActive();
  if (widgets::text_button(
          "Cancel", "CANCEL",
          ImVec2(row.x + inner - confirm_w - m_.dialog_button_gap - cancel_w, row.y),
          ImVec2(cancel_w, m_.dialog_button_height),
          !typing && dialog_focus_ == DialogFocus::cancel, t, f, t.primary))
    out.cancel_reset = true;
  if (shown) hotspots_.add_last_item("reset-cancel");
  if (widgets::primary_button("Reset", "RESET", ImVec2(row.x + inner - confirm_w, row.y),
                              ImVec2(confirm_w, m_.dialog_button_height),
                              dialog.can_confirm() || dialog.sending(), dialog.sending(),
                              !typing && dialog_focus_ == DialogFocus::confirm, t, f, time) ||
      (enter && !dialog.sending()))
    out.confirm_reset = true;
  if (shown) hotspots_.add_last_item("reset-confirm");
  if (widgets::key_pressed(ImGuiKey_Escape)) out.cancel_reset = true;
  if (out.cancel_reset) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace ui
