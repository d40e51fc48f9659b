"""Tests of ImagePolicy tag selection (controllers.policy)."""
