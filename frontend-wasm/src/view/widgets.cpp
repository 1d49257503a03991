#include "widgets.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "view/metrics.hpp"

namespace ui::widgets {

namespace {

void centered_text(ImDrawList* list, const ImFont* font, ImVec2 min, ImVec2 max, ImU32 color,
                   const char* text) {
  const ImVec2 size = text_size(font, text);
  list->AddText(font, font_px(font),
                ImVec2(std::round(min.x + (max.x - min.x - size.x) / 2),
                       std::round(min.y + (max.y - min.y - size.y) / 2)),
                color, text);
}

}  // namespace

void focus_ring(bool focused, ImDrawList* list, ImVec2 min, ImVec2 max, float rounding,
                const Theme& t) {
  if (!focused) return;
  const float gap = kCardMetrics.focus_ring_gap;
  list->AddRect(ImVec2(min.x - gap, min.y - gap), ImVec2(max.x + gap, max.y + gap), t.focus_ring,
                rounding + gap, 0, 2.0f);
}

void text_field(const char* id, float width, const std::string& text, bool password,
                const Selection* selection, bool focused, const Theme& t) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(width, ImGui::GetFrameHeight()));
  const ImVec2 max = ImGui::GetItemRectMax();
  ImDrawList* list = ImGui::GetWindowDrawList();
  list->AddRectFilled(pos, max, ImGui::GetColorU32(ImGuiCol_FrameBg), style.FrameRounding);
  list->AddRect(pos, max, ImGui::GetColorU32(focused ? ImGuiCol_NavHighlight : ImGuiCol_Border),
                style.FrameRounding, 0, focused ? 2.0f : style.FrameBorderSize);
  const std::string shown = password ? std::string(text.size(), '*') : text;
  const ImVec2 at(pos.x + style.FramePadding.x, pos.y + style.FramePadding.y);
  const auto x_of = [&](int chars) {
    const int n = std::clamp(chars, 0, static_cast<int>(shown.size()));
    return at.x + ImGui::CalcTextSize(shown.c_str(), shown.c_str() + n).x;
  };
  const float line = ImGui::GetFontSize();
  if (selection && selection->start != selection->end)
    list->AddRectFilled(ImVec2(x_of(selection->start), at.y),
                        ImVec2(x_of(selection->end), at.y + line),
                        ImGui::GetColorU32(ImGuiCol_TextSelectedBg));
  list->AddText(at, ImGui::GetColorU32(ImGuiCol_Text), shown.c_str());
  if (selection && selection->start == selection->end) {
    const float x = std::round(x_of(selection->end));
    list->AddLine(ImVec2(x, at.y), ImVec2(x, at.y + line), t.ink, 1.0f);
  }
}

float font_px(const ImFont* font) {
  return font->FontSize * ImGui::GetIO().FontGlobalScale;
}

ImVec2 text_size(const ImFont* font, const char* text, float wrap_width) {
  return font->CalcTextSizeA(font_px(font), FLT_MAX, wrap_width, text);
}

void surface(ImDrawList* list, ImVec2 min, ImVec2 max, float rounding, const Theme& t) {
  // Layered translucent rounds, offset downwards: a cheap, soft key + ambient shadow.
  const float alpha = t.dark ? 0.35f : 0.05f;
  for (int i = 6; i >= 1; --i) {
    const float spread = static_cast<float>(i) * 1.5f;
    const float drop = static_cast<float>(i) * 0.6f;
    const ImU32 c = (t.shadow & 0x00FFFFFF) |
                    (static_cast<ImU32>(255 * alpha * (7 - i) / 6.0f) << IM_COL32_A_SHIFT);
    list->AddRectFilled(ImVec2(min.x - spread, min.y - spread + drop + 1),
                        ImVec2(max.x + spread, max.y + spread + drop + 1), c, rounding + spread);
  }
  list->AddRectFilled(min, max, t.card, rounding);
}

bool primary_button(const char* id, const char* label, ImVec2 pos, ImVec2 size, bool enabled,
                    bool busy, bool focused, const Theme& t, const Fonts& f, float time) {
  ImGui::SetCursorScreenPos(pos);
  ImGui::BeginDisabled(!enabled || busy);
  const bool pressed = ImGui::InvisibleButton(id, size);
  ImGui::EndDisabled();
  const bool hovered = ImGui::IsItemHovered();
  const bool held = ImGui::IsItemActive();
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float r = kCardMetrics.button_radius;
  if (enabled || busy) {
    if (!busy) {  // resting elevation
      list->AddRectFilled(ImVec2(pos.x, pos.y + 1), ImVec2(max.x, max.y + 2), IM_COL32(0, 0, 0, 30),
                          r);
    }
    const ImU32 fill = held ? t.primary_active : hovered ? t.primary_hover : t.primary;
    list->AddRectFilled(pos, max, fill, r);
    if (busy) {
      spinner(list, ImVec2((pos.x + max.x) / 2, (pos.y + max.y) / 2),
              kCardMetrics.button_spinner_radius, t.on_primary, time);
    } else {
      centered_text(list, f.button, pos, max, t.on_primary, label);
    }
  } else {
    list->AddRectFilled(pos, max, t.disabled_fill, r);
    centered_text(list, f.button, pos, max, t.disabled_ink, label);
  }
  focus_ring(focused, list, pos, max, r, t);
  return pressed && enabled && !busy;
}

bool text_button(const char* id, const char* label, ImVec2 pos, ImVec2 size, bool focused,
                 const Theme& t, const Fonts& f, ImU32 ink) {
  ImGui::SetCursorScreenPos(pos);
  const bool pressed = ImGui::InvisibleButton(id, size);
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float r = kCardMetrics.button_radius;
  if (ImGui::IsItemHovered()) list->AddRectFilled(pos, max, t.hover_fill, r);
  centered_text(list, f.button, pos, max, ink, label);
  focus_ring(focused, list, pos, max, r, t);
  return pressed;
}

bool icon_button(const char* id, const char* glyph, ImVec2 pos, float size, bool focused,
                 const Theme& t, const Fonts& f) {
  ImGui::SetCursorScreenPos(pos);
  const bool pressed = ImGui::InvisibleButton(id, ImVec2(size, size));
  ImDrawList* list = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size, pos.y + size);
  const ImVec2 center((pos.x + max.x) / 2, (pos.y + max.y) / 2);
  if (ImGui::IsItemHovered() || ImGui::IsItemActive())
    list->AddCircleFilled(center, size / 2, t.hover_fill, 32);
  centered_text(list, f.icon, pos, max, t.ink_muted, glyph);
  focus_ring(focused, list, pos, max, size / 2, t);
  return pressed;
}

void spinner(ImDrawList* list, ImVec2 center, float radius, ImU32 color, float time) {
  const float start = time * 5.0f;
  const float sweep = 3.14159f * (1.0f + 0.6f * std::sin(time * 2.5f));
  list->PathArcTo(center, radius, start, start + sweep, 32);
  list->PathStroke(color, 0, 2.5f);
}

}  // namespace ui::widgets
