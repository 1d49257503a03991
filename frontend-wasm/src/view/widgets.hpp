// The card's own widgets, drawn with ImGui's draw list over invisible ImGui items (which keep
// ImGui's mouse handling). Sizes are in CSS pixels; radii and gaps come from CardMetrics.
//
// Keyboard focus is the caller's (Dear ImGui 1.86 tabs only between text inputs): a widget told
// it is `focused` draws a focus ring and activates on Enter or Space.
#pragma once

#include <imgui.h>

#include "view/app_fonts.hpp"
#include "view/theme.hpp"

namespace ui::widgets {

// The font's size in CSS pixels (fonts are rasterised at size x devicePixelRatio).
float font_px(const ImFont* font);
ImVec2 text_size(const ImFont* font, const char* text, float wrap_width = 0);

// A rounded surface with a soft, layered shadow (Material elevation 2 or so).
void surface(ImDrawList* list, ImVec2 min, ImVec2 max, float rounding, const Theme& t);

// A contained button. Disabled: greyed, not clickable. Busy: a spinner instead of the label.
// Returns true when activated (click, Enter or Space).
bool primary_button(const char* id, const char* label, ImVec2 pos, ImVec2 size, bool enabled,
                    bool busy, bool focused, const Theme& t, const Fonts& f, float time);

// A flat text button (the dialog's Cancel, a banner's Dismiss) with its label in `ink`.
bool text_button(const char* id, const char* label, ImVec2 pos, ImVec2 size, bool focused,
                 const Theme& t, const Fonts& f, ImU32 ink);

// A round icon button (the Settings gear).
bool icon_button(const char* id, const char* glyph, ImVec2 pos, float size, bool focused,
                 const Theme& t, const Fonts& f);

// `key` went down this frame. ImGui's own key repeat is not used: it would make one slow frame
// several presses, and the browser repeats a held key itself (the input relay passes each
// repeat on as a press).
bool key_pressed(ImGuiKey key);

// Enter, keypad Enter or Space pressed this frame.
bool activation_key_pressed();

// The keyboard focus ring around min..max (like :focus-visible), when `focused`.
void focus_ring(bool focused, ImDrawList* list, ImVec2 min, ImVec2 max, float rounding,
                const Theme& t);

void spinner(ImDrawList* list, ImVec2 center, float radius, ImU32 color, float time);

}  // namespace ui::widgets
