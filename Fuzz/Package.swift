// swift-tools-version:6.1
// libFuzzer targets over the engine. Built only by run.sh, with -sanitize=fuzzer,address;
// each target runs the libFuzzer driver from its own entry point.
import PackageDescription

let package = Package(
    name: "symdiff-fuzz",
    dependencies: [.package(name: "symdiff", path: "..")],
    targets: [
        .executableTarget(name: "ExpressionFuzz", dependencies: [.product(name: "SymDiff", package: "symdiff")]),
        .executableTarget(name: "ScriptFuzz", dependencies: [.product(name: "SymDiff", package: "symdiff")]),
    ]
)
