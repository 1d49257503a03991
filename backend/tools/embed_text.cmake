# Writes a C++ source defining `std::string_view NAME` with the text of INPUT, so counterd
# serves the file the repo holds (cmake -DINPUT=... -DOUTPUT=... -DNAME=... -P embed_text.cmake).
file(READ ${INPUT} text)
string(FIND "${text}" ")embedded\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string's delimiter")
endif()
file(WRITE ${OUTPUT} "// Generated from ${INPUT}; do not edit.\n#include <string_view>\n\n"
                     "extern const std::string_view ${NAME};\n"
                     "const std::string_view ${NAME} = R\"embedded(${text})embedded\";\n")
