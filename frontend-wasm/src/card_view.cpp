#include "card_view.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "dom_bridge.hpp"
#include "fonts.hpp"
#include "widgets.hpp"

namespace ui {

namespace {

using widgets::font_px;
using widgets::text_size;

constexpr float kCardWidth = 360;
constexpr float kRounding = 12;
constexpr const char* kMenuId = "settings-menu";
constexpr const char* kDialogId = "Reset the stock";

void text_at(ImDrawList* list, const ImFont* font, ImVec2 pos, ImU32 color, const char* text,
             float wrap = 0) {
  list->AddText(font, font_px(font), ImVec2(std::round(pos.x), std::round(pos.y)), color, text,
                nullptr, wrap);
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

}  // namespace

void CardView::move_focus(const CounterViewModel& vm) {
  if (ImGui::IsAnyMouseDown()) focus_ = Focus::none;
  if (ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) return;
  if (!ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Tab))) return;
  // Two stops, so forwards and backwards both alternate; a disabled Sold one is skipped.
  const bool sell_enabled = vm.can_sell() || vm.selling();
  focus_ = (focus_ == Focus::settings && sell_enabled) ? Focus::sell : Focus::settings;
}

CardIntents CardView::draw(const CounterViewModel& vm, const Theme& t, const Fonts& f, float time) {
  CardIntents out;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(io.DisplaySize);
  // Keyboard navigation (Tab, Enter, Space) works within the focused window: keep it the card's.
  if (!ImGui::IsWindowFocused(ImGuiFocusedFlags_AnyWindow)) ImGui::SetNextWindowFocus();
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("card", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                   ImGuiWindowFlags_NoBackground);
  ImGui::PopStyleVar();
  ImDrawList* list = ImGui::GetWindowDrawList();
  move_focus(vm);

  // ---- layout, top to bottom, in CSS pixels
  const float width = std::min(kCardWidth, io.DisplaySize.x - 24);
  const float pad = width < 330 ? 20 : 24;
  const float inner = width - 2 * pad;
  const std::string& banner = vm.banner();
  const float banner_text_w = inner - 24 - 30;
  const float banner_h =
      banner.empty() ? 0 : text_size(f.body, banner.c_str(), banner_text_w).y + 24;
  const float number_h = font_px(f.number) * 1.1f;
  const float height =
      pad + 40 + 12 + number_h + 24 + (banner.empty() ? 16 : 12 + banner_h + 16) + 42 + pad;
  const float x = std::round((io.DisplaySize.x - width) / 2);
  const float y = std::round(std::max(12.0f, (io.DisplaySize.y - height) / 2));
  widgets::surface(list, ImVec2(x, y), ImVec2(x + width, y + height), kRounding, t);

  // Header: title and the Settings button.
  float cy = y + pad;
  text_at(list, f.title, ImVec2(x + pad, cy + 20 - font_px(f.title) / 2 - 2), t.ink,
          "Cameras in stock");
  gear_min_ = ImVec2(x + width - pad - 40 + 8, cy);
  gear_max_ = ImVec2(gear_min_.x + 40, gear_min_.y + 40);
  if (widgets::icon_button("Settings", fonts::kIconSettings, gear_min_, 40,
                           focus_ == Focus::settings, t, f))
    ImGui::OpenPopup(kMenuId);
  widgets::publish_last_item("settings");
  cy += 40 + 12;

  // The number, or a spinner while the first value loads.
  if (vm.has_value()) {
    const std::string number = std::to_string(vm.value());
    const ImVec2 size = text_size(f.number, number.c_str());
    text_at(list, f.number, ImVec2(x + (width - size.x) / 2, cy + (number_h - size.y) / 2),
            vm.stale() ? t.ink_muted : t.ink, number.c_str());
  } else if (vm.phase() == Phase::loading) {
    widgets::spinner(list, ImVec2(x + width / 2, cy + number_h / 2), 20, t.primary, time);
  } else {
    const ImVec2 size = text_size(f.number, "\xe2\x80\x94");
    text_at(list, f.number, ImVec2(x + (width - size.x) / 2, cy + (number_h - size.y) / 2),
            t.ink_muted, "\xe2\x80\x94");
  }
  cy += number_h;
  const Caption caption = caption_for(vm, t);
  const ImVec2 caption_size = text_size(f.button, caption.text);
  text_at(list, f.button, ImVec2(x + (width - caption_size.x) / 2, cy), caption.color,
          caption.text);
  cy += 24;

  // A notice or the offline banner.
  if (!banner.empty()) {
    cy += 12;
    const ImVec2 bmin(x + pad, cy), bmax(x + width - pad, cy + banner_h);
    list->AddRectFilled(bmin, bmax, t.notice_fill, 8);
    text_at(list, f.small_icon, ImVec2(bmin.x + 12, bmin.y + 12), t.notice_ink,
            vm.phase() == Phase::offline ? fonts::kIconCloudOff : fonts::kIconInfo);
    text_at(list, f.body, ImVec2(bmin.x + 12 + 30, bmin.y + 12), t.notice_ink, banner.c_str(),
            banner_text_w);
    cy += banner_h;
  }
  cy += 16;

  // The primary action.
  const char* label = vm.phase() == Phase::sold_out ? "SOLD OUT" : "SOLD ONE";
  const float button_w = std::min(inner, std::max(180.0f, text_size(f.button, label).x + 48));
  if (widgets::primary_button("Sold one", label, ImVec2(x + (width - button_w) / 2, cy),
                              ImVec2(button_w, 42), vm.can_sell(), vm.selling(),
                              focus_ == Focus::sell, t, f, time))
    out.sell = true;
  widgets::publish_last_item("sell");

  draw_settings_menu(t, f, out);
  draw_reset_dialog(vm, t, f, time, out);
  ImGui::End();
  return out;
}

void CardView::draw_settings_menu(const Theme& t, const Fonts& f, CardIntents& out) {
  const float width = 190, height = 56;
  const ImVec2 pos(std::min(gear_max_.x - width + 8, ImGui::GetIO().DisplaySize.x - width - 8),
                   gear_max_.y + 4);
  if (!ImGui::IsPopupOpen(kMenuId)) {
    dom::forget_rect("reset");
    return;
  }
  // The popup has no shadow of its own: draw one beneath it, on the card's layer.
  widgets::surface(ImGui::GetWindowDrawList(), pos, ImVec2(pos.x + width, pos.y + height), 6, t);
  ImGui::SetNextWindowPos(pos);
  ImGui::SetNextWindowSize(ImVec2(width, height));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 8));
  if (ImGui::BeginPopup(kMenuId, ImGuiWindowFlags_NoMove)) {
    ImGui::PushFont(f.body);
    ImGui::PushStyleVar(ImGuiStyleVar_SelectableTextAlign, ImVec2(0.0f, 0.5f));
    ImGui::SetCursorPosX(0);
    ImGui::Indent(16);
    // The only item: Enter or Space picks it too, so the menu works from the keyboard.
    if (ImGui::Selectable("Reset stock\xe2\x80\xa6", false, 0, ImVec2(width - 32, 40)) ||
        (!ImGui::IsWindowAppearing() && widgets::activation_key_pressed())) {
      out.open_reset = true;
      ImGui::CloseCurrentPopup();
    }
    widgets::publish_last_item("reset");
    ImGui::Unindent(16);
    ImGui::PopStyleVar();
    ImGui::PopFont();
    ImGui::EndPopup();
  }
  ImGui::PopStyleVar();
}

void CardView::draw_reset_dialog(const CounterViewModel& vm, const Theme& t, const Fonts& f,
                                 float time, CardIntents& out) {
  const bool open = vm.reset_open();
  if (open && !ImGui::IsPopupOpen(kDialogId)) ImGui::OpenPopup(kDialogId);
  const bool just_opened = open && !dialog_was_open_;
  dialog_was_open_ = open;
  if (just_opened) edited_target_ = vm.reset_target();
  if (!ImGui::IsPopupOpen(kDialogId)) {
    for (const char* name : {"reset-input", "reset-cancel", "reset-confirm"})
      dom::forget_rect(name);
    return;
  }

  const ImGuiIO& io = ImGui::GetIO();
  const float width = std::min(380.0f, io.DisplaySize.x - 24);
  ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x / 2, io.DisplaySize.y / 2), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(width, 0));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, kRounding);
  if (!ImGui::BeginPopupModal(kDialogId, nullptr,
                              ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                  ImGuiWindowFlags_NoResize | ImGuiWindowFlags_AlwaysAutoResize)) {
    ImGui::PopStyleVar();
    return;
  }
  ImGui::PopStyleVar();
  if (!open) {  // the view-model closed it (reset done or cancelled)
    ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
    return;
  }
  const float inner = width - 48;
  ImGui::PushFont(f.title);
  ImGui::TextUnformatted("Reset the stock?");
  ImGui::PopFont();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(t.ink_muted));
  ImGui::TextUnformatted(
      "This replaces the count on every screen. Enter the new number of "
      "cameras in stock.");
  ImGui::PopStyleColor();
  ImGui::PopTextWrapPos();

  ImGui::SetNextItemWidth(inner);
  if (just_opened) ImGui::SetKeyboardFocusHere();
  const bool enter = ImGui::InputScalar("##stock", ImGuiDataType_S64, &edited_target_, nullptr,
                                        nullptr, "%lld", ImGuiInputTextFlags_EnterReturnsTrue);
  if (edited_target_ != vm.reset_target()) out.reset_target = edited_target_;
  // On its first frame an auto-sized window is measured but not shown: publish from the next.
  const bool shown = !ImGui::IsWindowAppearing();
  if (shown) widgets::publish_last_item("reset-input");
  if (!vm.reset_error().empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(t.danger));
    ImGui::TextUnformatted(vm.reset_error().c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  }

  ImGui::Dummy(ImVec2(0, 4));
  const ImVec2 row = ImGui::GetCursorScreenPos();
  const float confirm_w = 112, cancel_w = 96;
  if (widgets::text_button("Cancel", "CANCEL",
                           ImVec2(row.x + inner - confirm_w - 8 - cancel_w, row.y),
                           ImVec2(cancel_w, 40), false, t, f))
    out.cancel_reset = true;
  if (shown) widgets::publish_last_item("reset-cancel");
  if (widgets::primary_button("Reset", "RESET", ImVec2(row.x + inner - confirm_w, row.y),
                              ImVec2(confirm_w, 40), vm.can_confirm_reset() || vm.resetting(),
                              vm.resetting(), false, t, f, time) ||
      (enter && vm.can_confirm_reset()))
    out.confirm_reset = true;
  if (shown) widgets::publish_last_item("reset-confirm");
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) out.cancel_reset = true;
  if (out.cancel_reset && !vm.resetting()) ImGui::CloseCurrentPopup();
  ImGui::EndPopup();
}

}  // namespace ui
