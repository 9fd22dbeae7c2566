"""激活管理: activation batches (charging), and the scheduler jobs that activate and expire cards."""
