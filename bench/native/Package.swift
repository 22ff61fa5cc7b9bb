// swift-tools-version:6.1
// Native evaluation against the Tape, hand-written C and SymEngine's LLVM Lambdify: ns per point
// for the value and the gradient. Run with bench/native/run.sh (release build).
import PackageDescription

let package = Package(
    name: "symdiff-native-bench",
    dependencies: [.package(name: "symdiff", path: "../..")],
    targets: [
        .executableTarget(name: "NativeBench", dependencies: [.product(name: "SymDiff", package: "symdiff")]),
    ]
)
