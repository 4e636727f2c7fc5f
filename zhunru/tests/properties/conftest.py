from zhunru.tests.properties import profiles

profiles.load()
