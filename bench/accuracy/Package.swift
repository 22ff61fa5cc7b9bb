// swift-tools-version:6.1
// The Tape and native code evaluated at the accuracy benchmark's points (bench/accuracy/run.sh).
import PackageDescription

let package = Package(
    name: "symdiff-accuracy-bench",
    dependencies: [.package(name: "symdiff", path: "../..")],
    targets: [
        .executableTarget(name: "AccuracyEval", dependencies: [.product(name: "SymDiff", package: "symdiff")]),
    ]
)
