// swift-tools-version:6.1
// Compiled evaluation against hand-written Swift: ns per point for the value and the gradient.
// Run with bench/eval/run.sh (release build).
import PackageDescription

let package = Package(
    name: "symdiff-eval-bench",
    dependencies: [.package(name: "symdiff", path: "../..")],
    targets: [
        // The C library's malloc, as the symdiff executable's default build uses, so the
        // in-process figures are the tool's.
        .executableTarget(name: "EvalBench", dependencies: [.product(name: "SymDiff", package: "symdiff")]),
    ]
)
