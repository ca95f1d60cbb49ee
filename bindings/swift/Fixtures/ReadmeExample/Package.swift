// swift-tools-version:6.0
//
// A package that depends on cliquet by path, as an app would by URL, and
// runs the example of bindings/swift/README.md (make swift-test checks that
// the two are the same text).
import PackageDescription

let package = Package(
    name: "ReadmeExample",
    dependencies: [
        .package(name: "Cliquet", path: "../../../.."),
    ],
    targets: [
        .executableTarget(
            name: "ReadmeExample",
            dependencies: [.product(name: "Cliquet", package: "Cliquet")]
        ),
    ]
)
