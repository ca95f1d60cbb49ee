// swift-tools-version:6.0
//
// cliquet as a Swift package. SwiftPM reads this file at the repository
// root, so that an app adds cliquet by the repository's URL; everything else
// of the binding lives under bindings/swift/ (README.md there).
//
//   CCliquet  cliquet's own C sources (lib/) with include/cliquet.h as its
//             public header, through the module map in
//             bindings/swift/CCliquet/include (include/ stays the one copy)
//   CSodium   libsodium, found with pkg-config (Debian: libsodium-dev)
//   Cliquet   the Swift API over the C ABI
import PackageDescription

let package = Package(
    name: "Cliquet",
    products: [
        .library(name: "Cliquet", targets: ["Cliquet"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSodium",
            path: "bindings/swift/CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        .target(
            name: "CCliquet",
            dependencies: ["CSodium"],
            // bindings/swift/CCliquet/lib is a symbolic link to lib/: the
            // C sources stay where the Makefile builds them. (A target at
            // the root, path ".", would hold every build directory made
            // inside the checkout, which SwiftPM 6.3 mishandles: "unknown
            // build description" on the second build.)
            path: "bindings/swift/CCliquet",
            exclude: ["lib/cliquet.map"],
            sources: ["lib"],
            publicHeadersPath: "include",
            cSettings: [
                // The Makefile's flags: -D_DEFAULT_SOURCE -Iinclude -iquote lib.
                // "core/core.h" style includes resolve through lib/.
                .define("_DEFAULT_SOURCE"),
                .headerSearchPath("../../../include"),
                .headerSearchPath("lib"),
            ],
            linkerSettings: [
                // cliquet_init() runs once through pthread_once.
                .linkedLibrary("pthread", .when(platforms: [.linux])),
            ]
        ),
        .target(
            name: "Cliquet",
            dependencies: ["CCliquet"],
            path: "bindings/swift/Sources/Cliquet"
        ),
        .testTarget(
            name: "CliquetTests",
            dependencies: ["Cliquet"],
            path: "bindings/swift/Tests/CliquetTests"
        ),
    ],
    cLanguageStandard: .c11
)
