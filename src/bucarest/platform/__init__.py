"""What every capability shares: database and migrations, caches, HTTP plumbing, the page shell, the CLI runner, serving and settings."""
