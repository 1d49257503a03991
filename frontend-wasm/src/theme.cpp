#include "theme.hpp"

namespace ui {

namespace {

constexpr ImU32 rgba(int r, int g, int b, int a = 255) {
  return IM_COL32(r, g, b, a);
}

// Material Design's blue 700 as the primary colour, as on the card this replaces.
const Theme kLight{
    false,
    ImVec4(0xf4 / 255.f, 0xf5 / 255.f, 0xf7 / 255.f, 1.f),
    rgba(255, 255, 255),
    rgba(16, 24, 40, 255),
    rgba(31, 35, 41),
    rgba(95, 99, 104),
    rgba(25, 118, 210),
    rgba(21, 101, 192),
    rgba(13, 71, 161),
    rgba(255, 255, 255),
    rgba(0, 0, 0, 31),
    rgba(0, 0, 0, 97),
    rgba(198, 40, 40),
    rgba(255, 244, 229),
    rgba(102, 60, 0),
    rgba(0, 0, 0, 14),
    rgba(25, 118, 210, 140),
    rgba(0, 0, 0, 25),
};

const Theme kDark{
    true,
    ImVec4(0x12 / 255.f, 0x14 / 255.f, 0x17 / 255.f, 1.f),
    rgba(30, 33, 38),
    rgba(0, 0, 0, 255),
    rgba(232, 234, 237),
    rgba(154, 160, 166),
    rgba(144, 202, 249),
    rgba(187, 222, 251),
    rgba(100, 181, 246),
    rgba(13, 27, 42),
    rgba(255, 255, 255, 31),
    rgba(255, 255, 255, 97),
    rgba(242, 139, 130),
    rgba(66, 47, 17),
    rgba(255, 213, 153),
    rgba(255, 255, 255, 20),
    rgba(144, 202, 249, 160),
    rgba(255, 255, 255, 30),
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
