# find_package(Olm) for the drop-in libolm.so.3 of libolm3-cliquet: the same
# imported target as libolm's own CMake package, Olm::Olm, pointing at the
# drop-in. Written by hand (the drop-in is built by a Makefile, not CMake).
# This file lives in <prefix>/lib/<multiarch>/cmake/Olm: the library is two
# directories up and the headers are in <prefix>/include.
get_filename_component(_olm_libdir "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)
get_filename_component(_olm_prefix "${_olm_libdir}/../.." ABSOLUTE)

if(NOT TARGET Olm::Olm)
    add_library(Olm::Olm SHARED IMPORTED)
    set_target_properties(Olm::Olm PROPERTIES
        IMPORTED_LOCATION "${_olm_libdir}/libolm.so.3"
        IMPORTED_SONAME "libolm.so.3"
        INTERFACE_INCLUDE_DIRECTORIES "${_olm_prefix}/include")
endif()

set(Olm_LIBRARIES Olm::Olm)
unset(_olm_libdir)
unset(_olm_prefix)
