from zhunru.cli import main

main()
