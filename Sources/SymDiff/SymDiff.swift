// The library product: `import SymDiff` brings the whole engine.
@_exported import Expr
@_exported import Parser
@_exported import Simplify
@_exported import Calculus
@_exported import Compile
@_exported import Optimize
@_exported import Emit
@_exported import Plot
