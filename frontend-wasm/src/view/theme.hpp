// Colours of the card, light and dark (following prefers-color-scheme), in one place.
#pragma once

#include <imgui.h>

namespace ui {

struct Theme {
  bool dark;
  ImVec4 page;  // also the canvas clear colour; matches --page in web/style.css
  ImU32 card;
  ImU32 shadow;
  ImU32 ink;
  ImU32 ink_muted;
  ImU32 primary;
  ImU32 primary_hover;
  ImU32 primary_active;
  ImU32 on_primary;
  ImU32 disabled_fill;
  ImU32 disabled_ink;
  ImU32 danger;
  ImU32 notice_fill;  // the offline banner and notices
  ImU32 notice_ink;
  ImU32 error_fill;  // the banner of refused sales
  ImU32 error_ink;
  ImU32 hover_fill;  // behind icon and text buttons
  ImU32 focus_ring;
  ImU32 divider;
  ImU32 bar;          // the sales chart's bars
  ImU32 bar_current;  // the bar of the current hour or day
  ImU32 bar_hover;
  ImU32 chip_fill;  // behind the chosen range
  ImU32 tooltip_fill;
  ImU32 tooltip_ink;
  ImU32 snackbar_action;  // UNDO on the tooltip's colours
};

const Theme& theme(bool dark);

// Sets ImGui's own style (popups, the dialog, the number input) to match `t`.
void apply_style(const Theme& t);

}  // namespace ui
