"""What every app's API router is built with: versions and 409s, write checks, pagination."""
