from dipkg.cli import main

main()
