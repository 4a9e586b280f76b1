//! A small YAML tree with line numbers and budgets (aliases, depth, nodes).
