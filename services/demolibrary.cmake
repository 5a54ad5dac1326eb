# Embeds data/demo-library/*.jdx into the program (like core/ embeds the catalogue), so
# that a new database can be seeded with the demo library with no data folder installed.
file(GLOB CANDOR_DEMO_LIBRARY_FILES ${PROJECT_SOURCE_DIR}/data/demo-library/*.jdx)
list(SORT CANDOR_DEMO_LIBRARY_FILES)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CANDOR_DEMO_LIBRARY_FILES}
             ${PROJECT_SOURCE_DIR}/data/demo-library)
set(DEMO_ARRAYS "")
set(DEMO_TABLE "")
set(index 0)
foreach(file IN LISTS CANDOR_DEMO_LIBRARY_FILES)
  get_filename_component(name ${file} NAME)
  file(READ ${file} hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND DEMO_ARRAYS "static const unsigned char kFile${index}[] = { ${bytes} };\n")
  string(APPEND DEMO_TABLE "    {\"${name}\", {reinterpret_cast<const std::byte *>(kFile${index}), sizeof kFile${index}}},\n")
  math(EXPR index "${index} + 1")
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/demolibraryfiles.cpp.in ${CMAKE_CURRENT_BINARY_DIR}/demolibraryfiles.cpp @ONLY)
