#include "theme.hpp"

namespace ui {

namespace {

constexpr ImU32 rgba(int r, int g, int b, int a = 255) {
  return IM_COL32(r, g, b, a);
}

// Material Design's blue 700 as the primary colour, as on the card this replaces.
const Theme kLight{
    .dark = false,
    .page = ImVec4(0xf4 / 255.f, 0xf5 / 255.f, 0xf7 / 255.f, 1.f),
    .card = rgba(255, 255, 255),
    .shadow = rgba(16, 24, 40),
    .ink = rgba(31, 35, 41),
    .ink_muted = rgba(95, 99, 104),
    .primary = rgba(25, 118, 210),
    .primary_hover = rgba(21, 101, 192),
    .primary_active = rgba(13, 71, 161),
    .on_primary = rgba(255, 255, 255),
    .disabled_fill = rgba(0, 0, 0, 31),
    .disabled_ink = rgba(0, 0, 0, 97),
    .danger = rgba(198, 40, 40),
    .notice_fill = rgba(255, 244, 229),
    .notice_ink = rgba(102, 60, 0),
    .error_fill = rgba(253, 237, 237),
    .error_ink = rgba(95, 33, 32),
    .hover_fill = rgba(0, 0, 0, 14),
    .focus_ring = rgba(25, 118, 210, 140),
    .divider = rgba(0, 0, 0, 25),
    .bar = rgba(25, 118, 210, 110),
    .bar_current = rgba(25, 118, 210),
    .bar_hover = rgba(13, 71, 161),
    .chip_fill = rgba(25, 118, 210, 30),
    .tooltip_fill = rgba(50, 54, 60),
    .tooltip_ink = rgba(255, 255, 255),
    .snackbar_action = rgba(144, 202, 249),
};

const Theme kDark{
    .dark = true,
    .page = ImVec4(0x12 / 255.f, 0x14 / 255.f, 0x17 / 255.f, 1.f),
    .card = rgba(30, 33, 38),
    .shadow = rgba(0, 0, 0),
    .ink = rgba(232, 234, 237),
    .ink_muted = rgba(154, 160, 166),
    .primary = rgba(144, 202, 249),
    .primary_hover = rgba(187, 222, 251),
    .primary_active = rgba(100, 181, 246),
    .on_primary = rgba(13, 27, 42),
    .disabled_fill = rgba(255, 255, 255, 31),
    .disabled_ink = rgba(255, 255, 255, 97),
    .danger = rgba(242, 139, 130),
    .notice_fill = rgba(66, 47, 17),
    .notice_ink = rgba(255, 213, 153),
    .error_fill = rgba(72, 27, 27),
    .error_ink = rgba(255, 205, 200),
    .hover_fill = rgba(255, 255, 255, 20),
    .focus_ring = rgba(144, 202, 249, 160),
    .divider = rgba(255, 255, 255, 30),
    .bar = rgba(144, 202, 249, 120),
    .bar_current = rgba(144, 202, 249),
    .bar_hover = rgba(187, 222, 251),
    .chip_fill = rgba(144, 202, 249, 40),
    .tooltip_fill = rgba(232, 234, 237),
    .tooltip_ink = rgba(31, 35, 41),
    .snackbar_action = rgba(21, 101, 192),
};

ImVec4 vec(ImU32 c) {
  return ImGui::ColorConvertU32ToFloat4(c);
}

}  // namespace

const Theme& theme(bool dark) {
  return dark ? kDark : kLight;
}

void apply_style(const Theme& t) {
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 8;
  s.PopupRounding = 6;
  s.FrameRounding = 6;
  s.WindowBorderSize = 0;
  s.PopupBorderSize = t.dark ? 1 : 0;
  s.FrameBorderSize = 1;
  s.WindowPadding = ImVec2(24, 20);
  s.FramePadding = ImVec2(12, 9);
  s.ItemSpacing = ImVec2(12, 12);
  s.ItemInnerSpacing = ImVec2(8, 8);
  s.AntiAliasedFill = s.AntiAliasedLines = true;

  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = vec(t.ink);
  c[ImGuiCol_TextDisabled] = vec(t.ink_muted);
  c[ImGuiCol_WindowBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = vec(t.card);
  c[ImGuiCol_Border] = vec(t.divider);
  c[ImGuiCol_FrameBg] = vec(t.card);
  c[ImGuiCol_FrameBgHovered] = vec(t.card);
  c[ImGuiCol_FrameBgActive] = vec(t.card);
  c[ImGuiCol_Header] = vec(t.hover_fill);
  c[ImGuiCol_HeaderHovered] = vec(t.hover_fill);
  c[ImGuiCol_HeaderActive] = vec(t.hover_fill);
  c[ImGuiCol_TextSelectedBg] = vec(t.focus_ring);
  c[ImGuiCol_NavHighlight] = vec(t.focus_ring);
  c[ImGuiCol_ModalWindowDimBg] = t.dark ? ImVec4(0, 0, 0, 0.6f) : ImVec4(0, 0, 0, 0.32f);
}

}  // namespace ui
