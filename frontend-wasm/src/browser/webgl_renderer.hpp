// Draws Dear ImGui's triangles with WebGL 2: one shader, one vertex layout, the font atlas as a
// one-channel texture. ImGui's own OpenGL 3 backend serves desktop GL 2 to 4 and ES 2 and 3 and
// saves and restores the GL state around each frame for a host app; this page has nothing else
// to draw and one GL, so it needs none of that.
#pragma once

#include <imgui.h>

namespace ui::webgl {

// Compiles the shader and makes the buffers, in the current WebGL 2 context; false if the
// shader did not compile (the context was lost).
bool init();

// Uploads the fonts' atlas as ImGui built it, in place of the one before.
void upload_fonts();

// Clears the canvas to `background` and draws a frame.
void draw(const ImDrawData& frame, const ImVec4& background);

}  // namespace ui::webgl
